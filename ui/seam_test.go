package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// citizenScreens are the files of the screens a citizen can reach.
var citizenScreens = []string{"home.go", "lookup.go", "result.go", "procedures.go", "online.go", "rating.go", "chrome.go", "qr.go"}

// TestCitizenScreensReachNoStaffService: the citizen screens ask the kiosk
// through u.citizen only; staff mode's services live in the staff screen
// (its svc), which no citizen screen touches.
func TestCitizenScreensReachNoStaffService(t *testing.T) {
	for _, f := range citizenScreens {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if n.Sel.Name == "svc" {
					t.Errorf("%s: a staff service (.svc) used", fset.Position(n.Pos()))
				}
			case *ast.Ident:
				if n.Name == "Staff" {
					t.Errorf("%s: the Staff services named", fset.Position(n.Pos()))
				}
			}
			return true
		})
	}
}
