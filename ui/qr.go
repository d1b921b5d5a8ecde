package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	qrcode "github.com/yeqown/go-qrcode/v2"
)

// qrQuiet is the light margin around a QR code, in modules, that the
// standard asks for so a phone finds the code's edges.
const qrQuiet = 4

// qrImage renders text as a QR code of medium error correction: black
// modules on white, one pixel a module with the quiet zone around. The
// canvas scales it up pixel by pixel (ImageScalePixels), so its edges stay
// sharp on the framebuffer.
func qrImage(text string) (*image.Gray, error) {
	q, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, err
	}
	var w matrixWriter
	if err := q.Save(&w); err != nil {
		return nil, err
	}
	bits := w.bitmap
	n := len(bits)
	img := image.NewGray(image.Rect(0, 0, n+2*qrQuiet, n+2*qrQuiet))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				img.SetGray(x+qrQuiet, y+qrQuiet, color.Gray{Y: 0})
			}
		}
	}
	return img, nil
}

// matrixWriter keeps the code's modules; the library's own writers draw
// files with dependencies the kiosk does not need.
type matrixWriter struct{ bitmap [][]bool }

func (w *matrixWriter) Write(m qrcode.Matrix) error {
	w.bitmap = m.Bitmap()
	return nil
}

func (w *matrixWriter) Close() error { return nil }

// qrCanvas is the QR code of text as a square image of side size, or nil
// when text cannot be encoded (too long for a QR code).
func qrCanvas(text string, size float32) fyne.CanvasObject {
	img, err := qrImage(text)
	if err != nil {
		return nil
	}
	c := canvas.NewImageFromImage(img)
	c.FillMode = canvas.ImageFillContain
	c.ScaleMode = canvas.ImageScalePixels
	c.SetMinSize(fyne.NewSquareSize(size))
	return c
}
