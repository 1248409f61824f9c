package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Weekday is a day of the week, Monday = 0 to Sunday = 6 (unlike
// time.Weekday, which starts on Sunday).
type Weekday int

// Weekdays, in the order of a planning week.
const (
	Mon Weekday = iota
	Tue
	Wed
	Thu
	Fri
	Sat
	Sun
)

var dayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
var dayFullNames = [7]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// String gives the short lowercase name, e.g. "mon".
func (d Weekday) String() string {
	if d < 0 || d > Sun {
		return "Weekday(" + strconv.Itoa(int(d)) + ")"
	}
	return dayNames[d]
}

// ParseWeekday reads a weekday name, short ("mon") or full ("Monday"), in any case.
func ParseWeekday(s string) (Weekday, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for d := Mon; d <= Sun; d++ {
		if t == dayNames[d] || t == dayFullNames[d] {
			return d, nil
		}
	}
	return 0, badValue(s, "is not a weekday")
}

// WeekdayOf gives the Weekday of a time.
func WeekdayOf(t time.Time) Weekday { return Weekday((int(t.Weekday()) + 6) % 7) }

// MarshalText implements encoding.TextMarshaler.
func (d Weekday) MarshalText() ([]byte, error) {
	if d < 0 || d > Sun {
		return nil, fmt.Errorf("model: weekday %d out of range", int(d))
	}
	return []byte(dayNames[d]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Weekday) UnmarshalText(b []byte) error {
	v, err := ParseWeekday(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekdays is a set of weekdays, bit d set for Weekday d. The zero value is
// the empty set.
type Weekdays uint8

// MonToFri is Monday to Friday, the default working week.
const MonToFri Weekdays = 1<<Mon | 1<<Tue | 1<<Wed | 1<<Thu | 1<<Fri

// Has reports whether d is in the set.
func (w Weekdays) Has(d Weekday) bool { return d >= 0 && d <= Sun && w&(1<<d) != 0 }

// With returns the set with d added.
func (w Weekdays) With(d Weekday) Weekdays { return w | 1<<d }

// Len is the number of days in the set.
func (w Weekdays) Len() int {
	n := 0
	for d := Mon; d <= Sun; d++ {
		if w.Has(d) {
			n++
		}
	}
	return n
}

// Days lists the days of the set, Monday first.
func (w Weekdays) Days() []Weekday {
	var out []Weekday
	for d := Mon; d <= Sun; d++ {
		if w.Has(d) {
			out = append(out, d)
		}
	}
	return out
}

// String gives the days separated by spaces, e.g. "mon wed fri".
func (w Weekdays) String() string {
	var b strings.Builder
	for _, d := range w.Days() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(dayNames[d])
	}
	return b.String()
}

// MarshalText implements encoding.TextMarshaler.
func (w Weekdays) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler: weekday names
// separated by spaces or ';'. Empty text is the empty set.
func (w *Weekdays) UnmarshalText(b []byte) error {
	var v Weekdays
	for _, tok := range splitList(string(b)) {
		d, err := ParseWeekday(tok)
		if err != nil {
			return err
		}
		v = v.With(d)
	}
	*w = v
	return nil
}

// splitList splits at spaces, tabs and ';', dropping empty items.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ';' || r == '\t' })
}

// List is a list of words written separated by spaces or ';'.
type List []string

// Has reports whether s is in the list.
func (l List) Has(s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// String gives the items separated by spaces.
func (l List) String() string { return strings.Join(l, " ") }

// MarshalText implements encoding.TextMarshaler.
func (l List) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *List) UnmarshalText(b []byte) error {
	items := splitList(string(b))
	if len(items) == 0 {
		items = nil
	}
	*l = items
	return nil
}

// Date is a calendar date, held as midnight UTC. The zero Date means "not
// given".
type Date struct{ time.Time }

const dateLayout = "2006-01-02"

// ParseDate reads an ISO date, YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(dateLayout, s)
	if err != nil || len(s) != len(dateLayout) {
		return Date{}, badValue(s, "is not a date (YYYY-MM-DD)")
	}
	return Date{t}, nil
}

// MustDate is ParseDate for constants; it panics on a malformed date, so
// use it only with literals.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic("model: MustDate: " + err.Error())
	}
	return d
}

// String gives YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.AddDate(0, 0, n)} }

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Empty text gives the
// zero Date; whether that is allowed is up to the caller.
func (d *Date) UnmarshalText(b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Tier is a legacy case tier: a letter A–D (risk of harm band, A highest)
// and a digit 0–3 (reoffending need, 3 highest), e.g. "B2". The empty Tier
// means "not given".
type Tier string

// Tiers lists every tier, A3 first and D0 last.
func Tiers() []Tier {
	out := make([]Tier, 0, 16)
	for _, l := range "ABCD" {
		for _, d := range "3210" {
			out = append(out, Tier(string(l)+string(d)))
		}
	}
	return out
}

// ParseTier reads a tier such as "B2" (the letter in either case).
func ParseTier(s string) (Tier, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if len(t) != 2 || t[0] < 'A' || t[0] > 'D' || t[1] < '0' || t[1] > '3' {
		return "", badValue(s, "is not a tier (A0 to D3)")
	}
	return Tier(t), nil
}

// Letter is the risk-of-harm band, 'A' to 'D'; 0 if the tier is not valid.
func (t Tier) Letter() byte {
	if _, err := ParseTier(string(t)); err != nil {
		return 0
	}
	return t[0]
}

// Digit is the reoffending-need digit, 0 to 3; -1 if the tier is not valid.
func (t Tier) Digit() int {
	if _, err := ParseTier(string(t)); err != nil {
		return -1
	}
	return int(t[1] - '0')
}

// MarshalText implements encoding.TextMarshaler.
func (t Tier) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Empty text gives the
// empty Tier.
func (t *Tier) UnmarshalText(b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		*t = ""
		return nil
	}
	v, err := ParseTier(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// SlotSet is a set of (weekday, slot) pairs, written as tokens "day" (every
// slot that day) or "day:slot". Slot names are resolved against the
// settings' slots after loading (Load does this); until then a set knows
// only its whole days. The empty set means every slot of every day.
type SlotSet struct {
	tokens []slotToken // as written, canonicalised
	mask   [7]uint64   // bit i of mask[d]: slot i on day d
}

type slotToken struct {
	day  Weekday
	slot string // "" = the whole day
}

// maxSlots is the most slots a day may have (the bits of a mask word).
const maxSlots = 64

// Empty reports whether no slots were given (meaning every slot).
func (s SlotSet) Empty() bool { return len(s.tokens) == 0 }

// Has reports whether slot (an index into Settings.Slots) on day is in the
// set. The empty set has every slot.
func (s SlotSet) Has(day Weekday, slot int) bool {
	if s.Empty() {
		return true
	}
	if day < 0 || day > Sun || slot < 0 || slot >= maxSlots {
		return false
	}
	return s.mask[day]&(1<<uint(slot)) != 0
}

// resolve sets the mask from the tokens and the day's slots.
func (s *SlotSet) resolve(slots []Slot) error {
	s.mask = [7]uint64{}
	var unknown []string
	for _, t := range s.tokens {
		if t.slot == "" {
			s.mask[t.day] = ^uint64(0)
			continue
		}
		i := slotIndex(slots, t.slot)
		if i < 0 {
			unknown = append(unknown, t.slot)
			continue
		}
		s.mask[t.day] |= 1 << uint(i)
	}
	if len(unknown) > 0 {
		return badValue(unknown[0], "is not a slot of the settings (%s)", slotNames(slots))
	}
	return nil
}

func slotIndex(slots []Slot, name string) int {
	for i, sl := range slots {
		if strings.EqualFold(sl.Name, name) {
			return i
		}
	}
	return -1
}

func slotNames(slots []Slot) string {
	names := make([]string, len(slots))
	for i, sl := range slots {
		names[i] = sl.Name
	}
	return strings.Join(names, ", ")
}

// String gives the tokens separated by spaces, e.g. "mon tue:morning".
func (s SlotSet) String() string {
	parts := make([]string, len(s.tokens))
	for i, t := range s.tokens {
		parts[i] = t.day.String()
		if t.slot != "" {
			parts[i] += ":" + t.slot
		}
	}
	return strings.Join(parts, " ")
}

// MarshalText implements encoding.TextMarshaler.
func (s SlotSet) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Slot names are not
// checked here; Load resolves them against the settings.
func (s *SlotSet) UnmarshalText(b []byte) error {
	var v SlotSet
	for _, tok := range splitList(string(b)) {
		dayText, slot, _ := strings.Cut(tok, ":")
		d, err := ParseWeekday(dayText)
		if err != nil {
			return err
		}
		slot = strings.ToLower(slot)
		if strings.Contains(tok, ":") && slot == "" {
			return badValue(tok, "has no slot name after ':'")
		}
		v.tokens = append(v.tokens, slotToken{d, slot})
		if slot == "" {
			v.mask[d] = ^uint64(0)
		}
	}
	*s = v
	return nil
}

// Pattern is a practitioner's usual weekly pattern: a site id per weekday
// ("" = not fixed).
type Pattern [7]string

// Site gives the usual site on day, if the pattern fixes one.
func (p Pattern) Site(day Weekday) (string, bool) {
	if day < 0 || day > Sun || p[day] == "" {
		return "", false
	}
	return p[day], true
}

// Days is the set of days the pattern fixes.
func (p Pattern) Days() Weekdays {
	var w Weekdays
	for d := Mon; d <= Sun; d++ {
		if p[d] != "" {
			w = w.With(d)
		}
	}
	return w
}

// String gives "day:site" pairs separated by spaces, Monday first.
func (p Pattern) String() string {
	var parts []string
	for d := Mon; d <= Sun; d++ {
		if p[d] != "" {
			parts = append(parts, dayNames[d]+":"+p[d])
		}
	}
	return strings.Join(parts, " ")
}

// MarshalText implements encoding.TextMarshaler.
func (p Pattern) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler: "day:site" pairs
// separated by spaces or ';', at most one per day.
func (p *Pattern) UnmarshalText(b []byte) error {
	var v Pattern
	for _, tok := range splitList(string(b)) {
		dayText, site, ok := strings.Cut(tok, ":")
		if !ok || site == "" {
			return badValue(tok, "is not day:site")
		}
		d, err := ParseWeekday(dayText)
		if err != nil {
			return err
		}
		if v[d] != "" {
			return fmt.Errorf("%s is given twice", d)
		}
		v[d] = site
	}
	*p = v
	return nil
}

// ParseBool reads true/false, yes/no, y/n or 1/0 in any case. Empty text
// is false.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "t":
		return true, nil
	case "false", "no", "n", "0", "f", "":
		return false, nil
	}
	return false, badValue(s, "is not true or false (or yes, no, y, n, 1, 0)")
}

// parseNumber reads a finite decimal number. Empty text is 0.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, badValue(s, "is not a number")
	}
	return v, nil
}

// parseInt reads a whole number. Empty text is 0.
func parseInt(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, badValue(s, "is too large")
		}
		return 0, badValue(s, "is not a whole number")
	}
	return v, nil
}

// ValueError is a value that does not parse: the text as written, and the
// rule it breaks. Its message is the quoted value then the rule, e.g.
// `"abc" is not a number`; Load leaves the value out of messages about
// people (see Options.ShowValues).
type ValueError struct {
	Value string
	Rule  string
}

func (e *ValueError) Error() string { return strconv.Quote(shorten(e.Value)) + " " + e.Rule }

func badValue(v, rule string, args ...any) error {
	return &ValueError{Value: v, Rule: fmt.Sprintf(rule, args...)}
}

// maxShown is the most characters of a value a message shows.
const maxShown = 40

// shorten cuts s to maxShown characters, marking the cut with "…".
func shorten(s string) string {
	if len(s) <= maxShown {
		return s
	}
	n := 0
	for i := range s {
		if n == maxShown {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
