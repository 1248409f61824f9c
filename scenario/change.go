package scenario

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/probation/rota/model"
)

// Kind is what a change does.
type Kind string

// The kinds of change (docs/scenarios.md gives their syntax).
const (
	Close  Kind = "close"  // close a site altogether, from a date, or on some weekdays
	Open   Kind = "open"   // open a new site
	Site   Kind = "site"   // change a site's days, rooms, access or place
	Out    Kind = "out"    // take practitioners out (leave, vacancy)
	Hours  Kind = "hours"  // change a practitioner's contracted hours
	Target Kind = "target" // change the caseload target: cases or capacity
	Travel Kind = "travel" // change the travel limit (max_travel_km)
)

// Change is one what-if, as Parse reads it. Only the fields of its Kind are
// set; String gives it back in canonical form.
type Change struct {
	Kind Kind
	// ID is the site (close, open, site), the practitioner (hours) or the
	// target (target: "cases" or "capacity").
	ID string
	// IDs are the practitioners taken out (out).
	IDs []string
	// Days are the weekdays a site closes (close), or practitioners are
	// off sick (out); 0 with From zero means every day (close) or for good
	// (out).
	Days model.Weekdays
	// From closes the site on the week's days from this date on (close).
	From model.Date
	// Set are the sites.csv cells to write (open, site): a column and its
	// value in canonical form, in the order given.
	Set []Field
	// Hosts are the interventions whose restricted sites lists gain the
	// site (open, site).
	Hosts []string
	// Value is the hours (hours), the target (target) or the km (travel).
	Value float64
}

// Field is one sites.csv cell a change writes.
type Field struct {
	Column string // a column of sites.csv, e.g. "open_days"
	Value  string // canonical: numbers as Go formats them, days "mon wed", booleans true/false
}

// ParseError is a change that could not be read: where it came from (a
// scenario file's name and line; empty for a --change flag), the change as
// written, and what is wrong.
type ParseError struct {
	File string
	Line int
	Spec string
	Msg  string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("scenario: ")
	if e.File != "" {
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	}
	fmt.Fprintf(&b, "%s: %s", e.Spec, e.Msg)
	return b.String()
}

// siteKey is a key=value key of open and site changes.
type siteKey struct {
	key, column string
	parse       func(string) (string, error)
}

var siteKeys = []siteKey{
	{"name", "name", parseText},
	{"partner", "partner", parseText},
	{"town", "town", parseText},
	{"lat", "lat", parseCoord(-90, 90)},
	{"lon", "lon", parseCoord(-180, 180)},
	{"days", "open_days", parseDays},
	{"group_rooms", "group_rooms", parseCount},
	{"seats", "seats_per_room", parseCount},
	{"interview_rooms", "interview_rooms", parseCount},
	{"women_only", "women_only", parseBool},
	{"step_free", "step_free", parseBool},
	{"hosts", "", nil}, // not a cell: read into Change.Hosts
}

// aliases are other names accepted for a key: the column names of sites.csv.
var aliases = map[string]string{"open_days": "days", "seats_per_room": "seats"}

func lookupKey(k string) (siteKey, bool) {
	k = strings.ToLower(strings.TrimSpace(k))
	if a, ok := aliases[k]; ok {
		k = a
	}
	for _, sk := range siteKeys {
		if sk.key == k {
			return sk, true
		}
	}
	return siteKey{}, false
}

func keyNames() string {
	names := make([]string, len(siteKeys))
	for i, k := range siteKeys {
		names[i] = k.key
	}
	return strings.Join(names, ", ")
}

var (
	idPattern  = regexp.MustCompile(`^[A-Za-z0-9_.\-]+$`)
	keyPattern = regexp.MustCompile(`^\s*([A-Za-z_]+)\s*=`)
)

// Parse reads one change, e.g. "close:hinckley:fri" (docs/scenarios.md).
// The error is a *ParseError naming the change and what is wrong with it.
func Parse(spec string) (Change, error) {
	c, msg := parse(strings.TrimSpace(spec))
	if msg != "" {
		return Change{}, &ParseError{Spec: strings.TrimSpace(spec), Msg: msg}
	}
	return c, nil
}

func parse(spec string) (Change, string) {
	if spec == "" {
		return Change{}, "empty change"
	}
	if strings.ContainsAny(spec, "\n\r") {
		return Change{}, "a change is one line"
	}
	kind, rest, _ := strings.Cut(spec, ":")
	c := Change{Kind: Kind(strings.ToLower(strings.TrimSpace(kind)))}
	parsers := map[Kind]func(*Change, string) string{
		Close: (*Change).parseClose, Open: (*Change).parseSite, Site: (*Change).parseSite,
		Out: (*Change).parseOut, Hours: (*Change).parseHours, Target: (*Change).parseTarget, Travel: (*Change).parseTravel,
	}
	if f, ok := parsers[c.Kind]; ok {
		return c, f(&c, rest)
	}
	return c, fmt.Sprintf("%q is not a kind of change (want close, open, site, out, hours, target or travel)", kind)
}

// parseClose reads "SITE", "SITE:DAYS" or "SITE:from=DATE".
func (c *Change) parseClose(rest string) string {
	id, when, hasWhen := strings.Cut(rest, ":")
	if msg := c.setID(id, "site"); msg != "" || !hasWhen {
		return msg
	}
	when = strings.TrimSpace(when)
	if k, v, ok := strings.Cut(when, "="); ok {
		if strings.ToLower(strings.TrimSpace(k)) != "from" {
			return fmt.Sprintf("%q: want from=YYYY-MM-DD or weekdays such as mon,fri", when)
		}
		d, err := model.ParseDate(strings.TrimSpace(v))
		if err != nil {
			return "from: " + err.Error()
		}
		c.From = d
		return ""
	}
	days, msg := weekdays(when)
	c.Days = days
	return msg
}

// parseSite reads "SITE:key=value,…" of an open or site change.
func (c *Change) parseSite(rest string) string {
	id, fields, ok := strings.Cut(rest, ":")
	if msg := c.setID(id, "site"); msg != "" {
		return msg
	}
	if !ok || strings.TrimSpace(fields) == "" {
		if c.Kind == Open {
			return "give the new site's key=value pairs, at least lat, lon and days"
		}
		return "give at least one key=value pair to change (" + keyNames() + ")"
	}
	if msg := c.parseFields(fields); msg != "" {
		return msg
	}
	if c.Kind == Open {
		return c.completeOpen()
	}
	return ""
}

// parseOut reads practitioner ids and, after a colon, the weekdays they
// are out (sickness); without weekdays they are out for good.
func (c *Change) parseOut(rest string) string {
	ids, when, hasWhen := strings.Cut(rest, ":")
	if hasWhen {
		days, msg := weekdays(when)
		if msg != "" {
			return msg
		}
		c.Days = days
	}
	for _, id := range splitList(ids) {
		if !idPattern.MatchString(id) {
			return fmt.Sprintf("%q is not a practitioner id", id)
		}
		if slices.Contains(c.IDs, id) {
			return fmt.Sprintf("%s is given twice", id)
		}
		c.IDs = append(c.IDs, id)
	}
	if len(c.IDs) == 0 {
		return "give the practitioners to take out, e.g. out:p017"
	}
	return ""
}

// parseHours reads "PRACTITIONER=HOURS".
func (c *Change) parseHours(rest string) string {
	id, v, ok := strings.Cut(rest, "=")
	if !ok {
		return "want hours:PRACTITIONER=HOURS, e.g. hours:p017=37"
	}
	if msg := c.setID(id, "practitioner"); msg != "" {
		return msg
	}
	x, msg := number(v, 0, 48, false)
	if msg != "" {
		return "hours: " + msg
	}
	c.Value = x
	return ""
}

// parseTarget reads "cases=N" or "capacity=PCT".
func (c *Change) parseTarget(rest string) string {
	k, v, ok := strings.Cut(rest, "=")
	k = strings.ToLower(strings.TrimSpace(k))
	if !ok || (k != "cases" && k != "capacity") {
		return "want target:cases=N (cases per full-time case manager) or target:capacity=PCT"
	}
	x, msg := number(v, 0, math.Inf(1), false)
	if msg != "" {
		return k + ": " + msg
	}
	c.ID, c.Value = k, x
	return ""
}

// parseTravel reads a travel limit in km ("6" or "6km").
func (c *Change) parseTravel(rest string) string {
	v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "km"))
	x, msg := number(v, 0, math.Inf(1), false)
	if msg != "" {
		return "travel limit: " + msg
	}
	c.Value = x
	return ""
}

func (c *Change) setID(id, what string) string {
	id = strings.TrimSpace(id)
	if id == "" {
		return "give the " + what + " id"
	}
	if !idPattern.MatchString(id) {
		return fmt.Sprintf("%q is not a %s id (letters, digits, _, - and . only)", id, what)
	}
	c.ID = id
	return ""
}

// parseFields reads "key=value,key=value". A comma-separated piece that does
// not start with "key=" continues the value before it, so names may hold
// commas ("name=Atkins Building, Hinckley") and days and hosts may be
// listed with commas ("days=mon,wed").
func (c *Change) parseFields(s string) string {
	type kv struct{ key, val string }
	var pieces []kv
	for p := range strings.SplitSeq(s, ",") {
		if m := keyPattern.FindStringSubmatch(p); m != nil {
			sk, ok := lookupKey(m[1])
			if !ok {
				return fmt.Sprintf("%q is not a site key (want %s)", strings.TrimSpace(m[1]), keyNames())
			}
			pieces = append(pieces, kv{sk.key, p[len(m[0]):]})
			continue
		}
		if len(pieces) == 0 {
			return fmt.Sprintf("%q: want key=value", strings.TrimSpace(p))
		}
		pieces[len(pieces)-1].val += "," + p
	}
	seen := map[string]bool{}
	for _, p := range pieces {
		if seen[p.key] {
			return p.key + " is given twice"
		}
		seen[p.key] = true
		sk, _ := lookupKey(p.key)
		if sk.key == "hosts" {
			for _, id := range splitList(p.val) {
				if !idPattern.MatchString(id) {
					return fmt.Sprintf("hosts: %q is not an intervention id", id)
				}
				if !slices.Contains(c.Hosts, id) {
					c.Hosts = append(c.Hosts, id)
				}
			}
			if len(c.Hosts) == 0 {
				return "hosts: give at least one intervention"
			}
			continue
		}
		v, err := sk.parse(p.val)
		if err != nil {
			return sk.key + ": " + err.Error()
		}
		c.Set = append(c.Set, Field{Column: sk.column, Value: v})
	}
	return ""
}

// completeOpen checks a new site has what sites.csv requires and fills the
// defaults: name the id, town the name.
func (c *Change) completeOpen() string {
	for _, need := range []string{"lat", "lon", "open_days"} {
		if _, ok := c.get(need); !ok {
			return fmt.Sprintf("a new site needs %s", strings.TrimSuffix(strings.TrimPrefix(need, "open_"), "_"))
		}
	}
	if rooms, _ := c.get("group_rooms"); rooms != "" && rooms != "0" {
		if seats, _ := c.get("seats_per_room"); seats == "" || seats == "0" {
			return "seats: give the seats per group room when group_rooms is " + rooms
		}
	}
	return ""
}

// get gives the value a change sets for a sites.csv column.
func (c *Change) get(col string) (string, bool) {
	for _, f := range c.Set {
		if f.Column == col {
			return f.Value, true
		}
	}
	return "", false
}

func parseText(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("missing value")
	}
	return s, nil
}

func parseCoord(lo, hi float64) func(string) (string, error) {
	return func(s string) (string, error) {
		x, msg := number(s, lo, hi, true)
		if msg != "" {
			return "", errors.New(msg)
		}
		return fmtNum(x), nil
	}
}

func parseDays(s string) (string, error) {
	d, msg := weekdays(s)
	if msg != "" {
		return "", errors.New(msg)
	}
	return d.String(), nil
}

func parseCount(s string) (string, error) {
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1000 {
		return "", fmt.Errorf("%q is not a whole number from 0 to 1000", s)
	}
	return strconv.Itoa(n), nil
}

func parseBool(s string) (string, error) {
	b, err := model.ParseBool(strings.TrimSpace(s))
	if err != nil || strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("%q is not true or false", strings.TrimSpace(s))
	}
	return strconv.FormatBool(b), nil
}

// weekdays reads days separated by commas, spaces or ';'; at least one.
func weekdays(s string) (model.Weekdays, string) {
	var w model.Weekdays
	for _, tok := range splitList(s) {
		d, err := model.ParseWeekday(tok)
		if err != nil {
			return 0, fmt.Sprintf("%q is not a weekday (mon, tue, wed, thu, fri, sat, sun)", tok)
		}
		w = w.With(d)
	}
	if w == 0 {
		return 0, "give at least one weekday"
	}
	return w, ""
}

// number reads a finite number in lo…hi (lo itself allowed when loIn).
func number(s string, lo, hi float64, loIn bool) (float64, string) {
	s = strings.TrimSpace(s)
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case s == "":
		return 0, "missing value"
	case err != nil || math.IsNaN(x) || math.IsInf(x, 0):
		return 0, fmt.Sprintf("%q is not a number", s)
	case x < lo || (x == lo && !loIn) || x > hi:
		return 0, fmt.Sprintf("%s is out of range (%s)", fmtNum(x), rangeText(lo, hi, loIn))
	}
	return x, ""
}

func rangeText(lo, hi float64, loIn bool) string {
	switch {
	case math.IsInf(hi, 1) && loIn:
		return "at least " + fmtNum(lo)
	case math.IsInf(hi, 1):
		return "more than " + fmtNum(lo)
	case loIn:
		return fmtNum(lo) + " to " + fmtNum(hi)
	}
	return "more than " + fmtNum(lo) + " up to " + fmtNum(hi)
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// splitList splits on commas, spaces and ';'.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
}

// String gives the change in canonical form; Parse reads it back as the
// same change.
func (c Change) String() string {
	switch c.Kind {
	case Close:
		switch {
		case !c.From.IsZero():
			return "close:" + c.ID + ":from=" + c.From.String()
		case c.Days != 0:
			return "close:" + c.ID + ":" + strings.ReplaceAll(c.Days.String(), " ", ",")
		}
		return "close:" + c.ID
	case Open, Site:
		parts := make([]string, 0, len(c.Set)+1)
		for _, f := range c.Set {
			k := f.Column
			for _, sk := range siteKeys {
				if sk.column == f.Column {
					k = sk.key
				}
			}
			parts = append(parts, k+"="+f.Value)
		}
		if len(c.Hosts) > 0 {
			parts = append(parts, "hosts="+strings.Join(c.Hosts, " "))
		}
		return string(c.Kind) + ":" + c.ID + ":" + strings.Join(parts, ",")
	case Out:
		if c.Days != 0 {
			return "out:" + strings.Join(c.IDs, ",") + ":" + strings.ReplaceAll(c.Days.String(), " ", ",")
		}
		return "out:" + strings.Join(c.IDs, ",")
	case Hours:
		return "hours:" + c.ID + "=" + fmtNum(c.Value)
	case Target:
		return "target:" + c.ID + "=" + fmtNum(c.Value)
	case Travel:
		return "travel:" + fmtNum(c.Value)
	}
	return string(c.Kind)
}

// Describe says what the change does in a few words, for headlines:
// "closing hinckley on fri", "taking out p017".
func (c Change) Describe() string {
	switch c.Kind {
	case Close:
		switch {
		case !c.From.IsZero():
			return "closing " + c.ID + " from " + c.From.String()
		case c.Days != 0:
			return "closing " + c.ID + " on " + strings.ReplaceAll(c.Days.String(), " ", ", ")
		}
		return "closing " + c.ID
	case Open:
		return "opening " + c.ID
	case Site:
		var what []string
		for _, f := range c.Set {
			what = append(what, f.Column+" "+f.Value)
		}
		if len(c.Hosts) > 0 {
			what = append(what, "hosting "+strings.Join(c.Hosts, " "))
		}
		return "changing " + c.ID + " (" + strings.Join(what, ", ") + ")"
	case Out:
		if c.Days != 0 {
			return strings.Join(c.IDs, ", ") + " off sick on " + strings.ReplaceAll(c.Days.String(), " ", ", ")
		}
		return "taking out " + strings.Join(c.IDs, ", ")
	case Hours:
		return c.ID + " on " + fmtNum(c.Value) + " hours"
	case Target:
		if c.ID == "cases" {
			return "a target of " + fmtNum(c.Value) + " cases"
		}
		return "a target capacity of " + fmtNum(c.Value) + "%"
	case Travel:
		return "a travel limit of " + fmtNum(c.Value) + " km"
	}
	return c.String()
}

// ParseFile reads a scenario file: one change a line; blank lines and
// everything after a '#' are ignored. name is used in errors
// ("FILE:LINE: change: what is wrong"), which are joined so that one run
// reports every bad line.
func ParseFile(name string, b []byte) ([]Change, error) {
	var (
		out  []Change
		errs []error
	)
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	sc.Buffer(nil, 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text, _, _ := strings.Cut(sc.Text(), "#")
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		c, err := Parse(text)
		if err != nil {
			pe := err.(*ParseError)
			pe.File, pe.Line = name, line
			errs = append(errs, pe)
			continue
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("scenario: %s: %w", name, err))
	}
	return out, errors.Join(errs...)
}
