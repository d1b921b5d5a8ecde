// Package board is the kiosk's pin map: it opens the buses and pins of the
// parts on the 40-pin header, or stands in for them with a simulated board
// off a Pi (DESIGN §2). This first cut has the simulated board only: it
// keeps the LED states and logs each change, so a developer sees what the
// LEDs of a real kiosk would show.
package board
