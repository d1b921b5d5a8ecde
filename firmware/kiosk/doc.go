// Package kiosk is the application behind the screens: it turns a scan or a
// typed code into a portal lookup with a deadline, records what happened in
// the usage ledger without the code itself (a keyed hash stands in for it),
// keeps the portal's health up to date, and checks the staff PIN.
//
// Behind the citizen screens it also keeps the offline cache (Find: the
// last good answer for a code, sealed with AES-GCM under a key derived from
// the device key and the code, filed under CodeRef), syncs the procedure
// catalog (RunCatalog, ETag/304), queues ratings until the portal has them
// (Rate, RunRatings) and counts today's portal uptime (PortalStatus). Each
// store is a firmware interface; without one it lives in memory
// (firmware/memstore).
//
// It is pure logic over the firmware interfaces, so it is tested with fakes
// and the portal simulator, without a screen or a disk.
package kiosk
