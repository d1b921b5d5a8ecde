// Package kiosk is the application behind the screens, in two parts over
// one small core (kiosk.go: the Config, the clock, the ledger, the log, and
// the usage events with a keyed hash standing in for each code).
//
// Citizen is what the citizen screens use: it turns a scan or a typed code
// into a portal lookup with a deadline (Lookup), keeps the offline cache
// (Find: the last good answer for a code, sealed with AES-GCM under a key
// derived from the device key and the code, filed under CodeRef), syncs
// the procedure catalog (RunCatalog, ETag/304), queues ratings until the
// portal has them (Rate, RunRatings), and keeps the portal's health and
// today's uptime (RunHealth, PortalStatus).
//
// Staff is what staff mode uses: the staff PIN and its lockout (CheckPIN),
// the dashboard, the ledger's and the device's health, and the report's
// export through a firmware.ReportSink (a USB stick: devices/usbstick).
//
// Kiosk, from New, holds both, and takes what the board's sensors see:
// visits (Motion) and cabinet openings (Door, which wipes the cache).
//
// Each store is a firmware interface; without one it lives in memory
// (firmware/memstore). It is pure logic over the firmware interfaces, so it
// is tested with fakes and the portal simulator, without a screen or a disk.
package kiosk
