package firmware

import "time"

// Vietnam is the kiosk's one time zone: reports count days and hours in
// it, the screens show times in it, uptime's "today" is a day in it.
// Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed
// zone is exact for every time the kiosk handles, and it needs no time
// zone database: time.LoadLocation("Asia/Ho_Chi_Minh") fails on an image
// without tzdata, and the appliance must not depend on it. Nothing else in
// the kiosk makes a zone of its own (a test in the module's root checks).
var Vietnam = time.FixedZone("ICT", 7*60*60)
