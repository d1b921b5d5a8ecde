package firmware

// Procedure is an administrative procedure (thủ tục hành chính) of the
// catalog a portal publishes (DESIGN §5).
type Procedure struct {
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	Field          string   `json:"field"`
	Level          Level    `json:"level"`
	ProcessingDays int      `json:"processing_days"`
	FeeVND         int64    `json:"fee_vnd"`
	FeeNote        string   `json:"fee_note"`
	Documents      []string `json:"documents"`
	OnlineURL      string   `json:"online_url"`
}

// Validate returns an EBADANSWER error naming the first bad field.
func (p *Procedure) Validate() error {
	switch {
	case p.Code == "" || p.Name == "":
		return Errorf(EBADANSWER, "procedure: code and name required")
	case !p.Level.Valid():
		return Errorf(EBADANSWER, "procedure %s: unknown level %q", p.Code, p.Level)
	case p.ProcessingDays < 0:
		return Errorf(EBADANSWER, "procedure %s: negative processing days", p.Code)
	case p.FeeVND < 0:
		return Errorf(EBADANSWER, "procedure %s: negative fee", p.Code)
	}
	return nil
}
