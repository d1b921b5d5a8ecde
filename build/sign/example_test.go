package sign_test

import (
	"fmt"
	"os"
	"path/filepath"

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
	os.WriteFile(bundle, []byte("the update"), 0o644)
	if _, err := sign.SignFile(priv, bundle); err != nil {
		panic(err)
	}

	// On the kiosk: the provisioned /etc/motcua-kiosk/update.pub.
	pub, _ := sign.LoadPublicKey(filepath.Join(dir, "release.pub"))
	fmt.Println("good:", sign.Verify(pub, bundle, "") == nil)

	os.WriteFile(bundle, []byte("the update, changed"), 0o644)
	fmt.Println("changed:", sign.Verify(pub, bundle, "") != nil)
	// Output:
	// good: true
	// changed: true
}
