package sign_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/motcua/kiosk/build/debpkg/debtest"
	"github.com/motcua/kiosk/build/sign"
)

// How kiosk update checks a bundle before installing it.
func Example() {
	dir, _ := os.MkdirTemp("", "sign-example")
	defer os.RemoveAll(dir)

	// On the release machine: kioskctl keygen, kioskctl sign.
	if _, err := sign.GenerateKeyFiles(filepath.Join(dir, "release"), nil); err != nil {
		panic(err)
	}
	priv, _ := sign.LoadPrivateKey(filepath.Join(dir, "release.key"))
	bundle := filepath.Join(dir, "motcua-kiosk_1.2.3_arm64.deb")
	os.WriteFile(bundle, debtest.Bytes("motcua-kiosk", "1.2.3", "arm64", []byte("the update")), 0o644)
	if _, err := sign.SignFile(priv, bundle); err != nil {
		panic(err)
	}

	// On the kiosk: the provisioned /etc/motcua-kiosk/update.pub.
	pub, _ := sign.LoadPublicKey(filepath.Join(dir, "release.pub"))
	st, err := sign.Verify(pub, bundle, "")
	fmt.Println("good:", err == nil, st.Package, st.Version, st.Architecture)

	os.WriteFile(bundle, debtest.Bytes("motcua-kiosk", "1.2.3", "arm64", []byte("the update, changed")), 0o644)
	_, err = sign.Verify(pub, bundle, "")
	fmt.Println("changed:", err != nil)
	// Output:
	// good: true motcua-kiosk 1.2.3 arm64
	// changed: true
}
