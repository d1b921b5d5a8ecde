package evdev

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
	"unsafe"
)

// Event types, from <linux/input-event-codes.h>.
const (
	EvSyn uint16 = 0x00
	EvKey uint16 = 0x01
	EvRel uint16 = 0x02
	EvAbs uint16 = 0x03
	EvMsc uint16 = 0x04
)

// Synchronisation codes.
const (
	SynReport   uint16 = 0
	SynMTReport uint16 = 2
	SynDropped  uint16 = 3
)

// Absolute axes.
const (
	AbsX             uint16 = 0x00
	AbsY             uint16 = 0x01
	AbsPressure      uint16 = 0x18
	AbsMTSlot        uint16 = 0x2f
	AbsMTTouchMajor  uint16 = 0x30
	AbsMTPositionX   uint16 = 0x35
	AbsMTPositionY   uint16 = 0x36
	AbsMTTrackingID  uint16 = 0x39
	AbsMTPressure    uint16 = 0x3a
	absMax           uint16 = 0x3f
	absMTFirst       uint16 = AbsMTSlot
	absMTLast        uint16 = 0x3e
	keyMax           uint16 = 0x2ff
	maxRecordBufSize        = 64
)

// Keys and buttons used here.
const (
	KeyEnter      uint16 = 28
	KeyLeftShift  uint16 = 42
	KeyRightShift uint16 = 54
	KeyCapsLock   uint16 = 58
	KeyKPEnter    uint16 = 96
	BtnLeft       uint16 = 0x110
	BtnTouch      uint16 = 0x14a
)

// Key values.
const (
	KeyUp     int32 = 0
	KeyDown   int32 = 1
	KeyRepeat int32 = 2
)

// Event is one struct input_event.
type Event struct {
	Time  time.Time
	Type  uint16
	Code  uint16
	Value int32
}

func (e Event) String() string {
	return fmt.Sprintf("%d.%06d type %d code %d value %d", e.Time.Unix(), e.Time.Nanosecond()/1000, e.Type, e.Code, e.Value)
}

// Record sizes of struct input_event.
const (
	// Record64 is the record where long is 64 bits, and in every file or
	// FIFO this package reads or writes.
	Record64 = 24
	// Record32 is the record on 32-bit ARM.
	Record32 = 16
)

// RecordNative is the record a device gives this process.
const RecordNative = 2*int(unsafe.Sizeof(uintptr(0))) + 8

// ErrShortRecord means the stream ended inside a record.
var ErrShortRecord = errors.New("evdev: stream ends inside a record")

// Decoder reads input_event records.
type Decoder struct {
	r    io.Reader
	size int
	buf  []byte
	off  int // next unread byte
	end  int // end of the bytes read
}

// NewDecoder reads records of size (Record64 or Record32) from r.
func NewDecoder(r io.Reader, size int) *Decoder {
	if size != Record32 {
		size = Record64
	}
	return &Decoder{r: r, size: size, buf: make([]byte, size*maxRecordBufSize)}
}

// Next returns the next event. It reads many records at a time, as a
// device must be read, and joins records split across reads, as a pipe may
// deliver them. It returns io.EOF at the end of the stream, ErrShortRecord
// when the stream ends inside a record.
func (d *Decoder) Next() (Event, error) {
	for d.end-d.off < d.size {
		if d.off > 0 {
			d.end = copy(d.buf, d.buf[d.off:d.end])
			d.off = 0
		}
		n, err := d.r.Read(d.buf[d.end:])
		d.end += n
		if d.end-d.off >= d.size {
			break
		}
		if err != nil {
			if errors.Is(err, io.EOF) && d.end > d.off {
				return Event{}, ErrShortRecord
			}
			return Event{}, err
		}
		if n == 0 {
			return Event{}, io.ErrNoProgress
		}
	}
	b := d.buf[d.off : d.off+d.size]
	d.off += d.size
	return decode(b), nil
}

func decode(b []byte) Event {
	le := binary.LittleEndian
	var sec, usec int64
	var rest []byte
	if len(b) == Record32 {
		sec, usec = int64(int32(le.Uint32(b))), int64(int32(le.Uint32(b[4:])))
		rest = b[8:]
	} else {
		sec, usec = int64(le.Uint64(b)), int64(le.Uint64(b[8:]))
		rest = b[16:]
	}
	var t time.Time
	if sec != 0 || usec != 0 {
		t = time.Unix(sec, usec*1000)
	}
	return Event{Time: t, Type: le.Uint16(rest), Code: le.Uint16(rest[2:]), Value: int32(le.Uint32(rest[4:]))}
}

// AppendEvent appends e as a 64-bit record.
func AppendEvent(b []byte, e Event) []byte {
	var sec, usec int64
	if !e.Time.IsZero() {
		sec, usec = e.Time.Unix(), int64(e.Time.Nanosecond()/1000)
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(sec))
	b = binary.LittleEndian.AppendUint64(b, uint64(usec))
	b = binary.LittleEndian.AppendUint16(b, e.Type)
	b = binary.LittleEndian.AppendUint16(b, e.Code)
	return binary.LittleEndian.AppendUint32(b, uint32(e.Value))
}

// Encode writes events as 64-bit records in one write.
func Encode(w io.Writer, evs ...Event) error {
	b := make([]byte, 0, len(evs)*Record64)
	for _, e := range evs {
		b = AppendEvent(b, e)
	}
	_, err := w.Write(b)
	return err
}
