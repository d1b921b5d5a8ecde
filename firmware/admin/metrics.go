package admin

import (
	"context"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/motcua/kiosk/firmware"
)

// collector computes the kiosk's metrics at scrape time from its sources.
// The event counters come from the ledger's totals, which compaction keeps,
// so they only grow while the database lives and survive restarts; a new
// database after a recovery is a counter reset, which Prometheus handles.
type collector struct {
	o *Opts

	buildInfo, events                          *prometheus.Desc
	queueDepth, queueCapacity, dropped, alert  *prometheus.Desc
	portalUp, portalLatency, portalLastChecked *prometheus.Desc
	sensor                                     *prometheus.Desc
}

func newCollector(o *Opts) *collector {
	d := prometheus.NewDesc
	return &collector{
		o: o,
		buildInfo: d("kiosk_build_info", "The kiosk's firmware: always 1, with its version in labels.",
			[]string{"version", "goversion", "kiosk_id"}, nil),
		events: d("kiosk_events_total", "Usage events recorded, by kind and outcome.",
			[]string{"kind", "outcome"}, nil),
		queueDepth: d("kiosk_ledger_queue_depth", "Usage events accepted but not yet on disk.", nil, nil),
		queueCapacity: d("kiosk_ledger_queue_capacity",
			"The most usage events the ledger's queue holds before it drops them.", nil, nil),
		dropped: d("kiosk_ledger_dropped_events_total",
			"Usage events lost since start: the queue was full, or the database refused them.", nil, nil),
		alert: d("kiosk_ledger_alert", "1 while the ledger has the labelled trouble (disk_full, read_only, …).",
			[]string{"alert"}, nil),
		portalUp: d("kiosk_portal_up", "1 when the portal's last health check answered and it was not down.", nil, nil),
		portalLatency: d("kiosk_portal_check_latency_seconds",
			"How long the portal's last health check took.", nil, nil),
		portalLastChecked: d("kiosk_portal_last_check_timestamp_seconds",
			"When the portal's health was last checked, as a Unix time.", nil, nil),
		sensor: d("kiosk_sensor_value", "The last reading of each sensor, in the unit its name ends with.",
			[]string{"sensor"}, nil),
	}
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.buildInfo, c.events, c.queueDepth, c.queueCapacity, c.dropped,
		c.alert, c.portalUp, c.portalLatency, c.portalLastChecked, c.sensor} {
		ch <- d
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	send := func(desc *prometheus.Desc, t prometheus.ValueType, v float64, labels ...string) {
		m, err := prometheus.NewConstMetric(desc, t, v, labels...)
		if err != nil {
			m = prometheus.NewInvalidMetric(desc, err)
		}
		ch <- m
	}
	send(c.buildInfo, prometheus.GaugeValue, 1, c.o.Version, runtime.Version(), c.o.KioskID)

	if c.o.Totals != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		counts, err := c.o.Totals.Totals(ctx)
		cancel()
		if err != nil {
			ch <- prometheus.NewInvalidMetric(c.events, err)
		}
		for _, n := range counts {
			send(c.events, prometheus.CounterValue, float64(n.Count), string(n.Kind), n.Outcome)
		}
	}

	if c.o.Ledger != nil {
		st := c.o.Ledger.LedgerState()
		send(c.queueDepth, prometheus.GaugeValue, float64(st.Queued))
		send(c.queueCapacity, prometheus.GaugeValue, float64(st.Capacity))
		send(c.dropped, prometheus.CounterValue, float64(st.Dropped))
		if st.Alert != firmware.LedgerAlertNone {
			send(c.alert, prometheus.GaugeValue, 1, string(st.Alert))
		}
	}

	if c.o.Portal != nil {
		st := c.o.Portal()
		up := 0.0
		if !st.CheckedAt.IsZero() && st.Err == "" && st.State != firmware.HealthDown {
			up = 1
		}
		send(c.portalUp, prometheus.GaugeValue, up)
		if !st.CheckedAt.IsZero() {
			send(c.portalLatency, prometheus.GaugeValue, st.Latency.Seconds())
			send(c.portalLastChecked, prometheus.GaugeValue, float64(st.CheckedAt.UnixMilli())/1000)
		}
	}

	if c.o.Device != nil {
		for _, r := range c.o.Device.DeviceHealth().Readings {
			send(c.sensor, prometheus.GaugeValue, r.Value, string(r.Quantity))
		}
	}
}
