package flash

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
)

var (
	xzMagic     = []byte{0xFD, '7', 'z', 'X', 'Z', 0x00}
	xzFooterEnd = []byte{'Y', 'Z'}
	errXZIndex  = errors.New("flash: cannot read the xz index")
)

// xzUncompressedSize reads the uncompressed size of an xz file of length
// size from the indexes at the end of its streams (xz file format 1.0.4,
// §2.1.2 and §4), without decompressing anything. It handles concatenated
// streams and stream padding.
func xzUncompressedSize(r io.ReaderAt, size int64) (int64, error) {
	var total int64
	pos := size
	for pos > 0 {
		// Stream padding: zero bytes in multiples of four.
		var word [4]byte
		for pos >= 4 {
			if _, err := r.ReadAt(word[:], pos-4); err != nil {
				return 0, err
			}
			if word != [4]byte{} {
				break
			}
			pos -= 4
		}
		if pos < 24 {
			return 0, errXZIndex
		}
		var footer [12]byte
		if _, err := r.ReadAt(footer[:], pos-12); err != nil {
			return 0, err
		}
		if !bytes.Equal(footer[10:], xzFooterEnd) ||
			crc32.ChecksumIEEE(footer[4:10]) != binary.LittleEndian.Uint32(footer[:4]) {
			return 0, errXZIndex
		}
		indexSize := (int64(binary.LittleEndian.Uint32(footer[4:8])) + 1) * 4
		if indexSize > 64<<20 || pos-12-indexSize < 12 {
			return 0, errXZIndex
		}
		index := make([]byte, indexSize)
		if _, err := r.ReadAt(index, pos-12-indexSize); err != nil {
			return 0, err
		}
		uncompressed, blocks, err := parseXZIndex(index)
		if err != nil {
			return 0, err
		}
		start := pos - 12 - indexSize - blocks - 12
		if start < 0 {
			return 0, errXZIndex
		}
		var header [6]byte
		if _, err := r.ReadAt(header[:], start); err != nil {
			return 0, err
		}
		if !bytes.Equal(header[:], xzMagic) {
			return 0, errXZIndex
		}
		total += uncompressed
		pos = start
	}
	return total, nil
}

// parseXZIndex returns the sum of the uncompressed sizes and of the padded
// block sizes recorded in one index.
func parseXZIndex(idx []byte) (uncompressed, blocks int64, err error) {
	n := len(idx)
	if n < 8 || idx[0] != 0 || crc32.ChecksumIEEE(idx[:n-4]) != binary.LittleEndian.Uint32(idx[n-4:]) {
		return 0, 0, errXZIndex
	}
	rd := bytes.NewReader(idx[1 : n-4])
	records, err := binary.ReadUvarint(rd)
	if err != nil {
		return 0, 0, errXZIndex
	}
	for range records {
		unpadded, err1 := binary.ReadUvarint(rd)
		size, err2 := binary.ReadUvarint(rd)
		if err1 != nil || err2 != nil || unpadded > 1<<62 || size > 1<<62 {
			return 0, 0, errXZIndex
		}
		blocks += int64((unpadded + 3) &^ 3)
		uncompressed += int64(size)
		if blocks < 0 || uncompressed < 0 {
			return 0, 0, errXZIndex
		}
	}
	// What is left is the index padding: up to three zero bytes.
	rest, _ := io.ReadAll(rd)
	if len(rest) > 3 || !bytes.Equal(rest, make([]byte, len(rest))) {
		return 0, 0, errXZIndex
	}
	return uncompressed, blocks, nil
}
