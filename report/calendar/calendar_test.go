package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestRoundTrip: what Write writes, Read reads back, text with commas,
// semicolons and new lines included; the same events in another order give
// the same bytes.
func TestRoundTrip(t *testing.T) {
	day := time.Date(2018, 6, 5, 0, 0, 0, 0, time.UTC)
	events := []Event{
		{UID: "p01-2018-06-05-afternoon", Start: day.Add(13*time.Hour + 30*time.Minute), End: day.Add(17 * time.Hour),
			Summary: "Appointments (2) at hardwick", Location: "Hardwick community hub, room 1",
			Description: "Seeing: ST0001, ST0016\nSlot: 13:30–17:00; bring the file", Categories: []string{"appointments"}},
		{UID: "p01-2018-06-05-morning", Start: day.Add(9 * time.Hour), End: day.Add(12*time.Hour + 30*time.Minute),
			Summary: "Office at stockton"},
		{UID: "p01-2018-06-06-morning", Start: day.AddDate(0, 0, 1), AllDay: true, Summary: "Training"},
	}
	stamp := time.Date(2018, 6, 4, 0, 0, 0, 0, time.UTC)
	var a, b bytes.Buffer
	if err := Write(&a, "Rota: p01", events, stamp); err != nil {
		t.Fatal(err)
	}
	reversed := []Event{events[2], events[0], events[1]}
	if err := Write(&b, "Rota: p01", reversed, stamp); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same events in another order give other bytes")
	}
	if !strings.Contains(a.String(), "DTSTAMP:20180604T000000Z") {
		t.Error("no fixed DTSTAMP")
	}
	got, err := Read(bytes.NewReader(a.Bytes()), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{events[1], events[0], events[2]} // by start
	want[2].End = want[2].Start.AddDate(0, 0, 1)
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.UID != w.UID+"@"+Domain || !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || g.AllDay != w.AllDay ||
			g.Summary != w.Summary || g.Location != w.Location || g.Description != w.Description {
			t.Errorf("event %d: got %+v, want %+v", i, g, w)
		}
	}
}
