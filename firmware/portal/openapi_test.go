package portal_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/portal"
)

// TestOpenAPIMentions guards the OpenAPI file against drifting from the
// code: every path, header, status, code and enum value the client and the
// domain know must appear in it. (The file is also checked against the
// OpenAPI 3.0 schema when a validator is at hand; this test needs none.)
func TestOpenAPIMentions(t *testing.T) {
	doc := string(portal.OpenAPI)
	if !utf8.ValidString(doc) || strings.Contains(doc, "\t") {
		t.Fatal("openapi.yaml is not UTF-8 or holds tabs (YAML forbids them in indentation)")
	}
	want := []string{
		"openapi: 3.0",
		"/v1/health:", "/v1/dossiers/{code}:", "/v1/procedures:", "/v1/ratings:",
		"X-Kiosk-ID", "X-Dossier-Secret", "If-None-Match", "ETag", "scheme: bearer",
		`"200":`, `"202":`, `"304":`, `"401":`, `"403":`, `"404":`, `"429":`, `"500":`,
		"not_found", "secret_required", "secret_mismatch", "unauthorized", "rate_limited", "internal",
		"ok, degraded, down",
		"kiosk_id", "dossier_ref", "processing_days", "fee_vnd", "fee_note", "documents", "online_url",
		"received_at", "due_at", "completed_at", "returned_at", "required_action", "pickup", "amount_vnd",
	}
	for _, l := range []firmware.Level{firmware.LevelFull, firmware.LevelPartial, firmware.LevelInfo} {
		want = append(want, string(l))
	}
	for _, c := range []firmware.Channel{firmware.ChannelInPerson, firmware.ChannelOnline, firmware.ChannelPost} {
		want = append(want, string(c))
	}
	flat := strings.Join(strings.Fields(doc), " ")
	for _, s := range firmware.Statuses() {
		want = append(want, s.Vietnamese())
	}
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("openapi.yaml does not mention %q", w)
		}
	}
}
