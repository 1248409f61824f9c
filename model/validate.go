package model

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_.\-]+$`)

func validID(s string) bool { return idPattern.MatchString(s) }

// checkID checks an id cell and records its line in lines (first row
// wins), reporting malformed and duplicate ids.
func (r *row) checkID(col, id string, lines map[string]int) {
	if id == "" {
		return // reported as a missing value
	}
	if !validID(id) {
		r.errf(col, "%q is not a valid id (letters, digits, _, - and . only)", r.v(id))
		return
	}
	if line, dup := lines[id]; dup {
		r.errf(col, "%q is already used on line %d", r.v(id), line)
		return
	}
	lines[strings.Clone(id)] = r.line // not a slice of the whole record
}

// ref checks that id (in col) names a row of target, unless the target file
// is missing (already reported) or the cell is empty.
func (l *loader) ref(r *row, col, id string, ids map[string]int, target, what string) (int, bool) {
	if id == "" || !r.ok(col) {
		return 0, false
	}
	i, ok := ids[id]
	if !ok && l.loaded[target] {
		r.errf(col, "%q names no %s in %s", r.v(id), what, target)
	}
	return i, ok
}

// enum checks that *v is one of allowed (any case), storing the canonical
// spelling. An empty value passes (required values are checked elsewhere).
func enum[S ~string](r *row, col string, v *S, allowed ...S) bool {
	if *v == "" {
		return true
	}
	for _, a := range allowed {
		if strings.EqualFold(string(*v), string(a)) {
			*v = a
			return true
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	r.errf(col, "%q is not one of %s", r.v(string(*v)), strings.Join(names, ", "))
	return false
}

// inRange checks a number cell against lo…hi (lo itself allowed when
// loInclusive). Empty or unparsed cells pass.
func inRange(r *row, col string, x, lo, hi float64, loInclusive bool) bool {
	if !r.has(col) {
		return true
	}
	if x < lo || (x == lo && !loInclusive) || x > hi {
		r.errf(col, "%s is out of range (%s)", r.v(r.raw(col)), rangeText(lo, hi, loInclusive))
		return false
	}
	return true
}

var inf = math.Inf(1)

func (l *loader) loadSettings() {
	type kv struct {
		Key   string `csv:"key"`
		Value string `csv:"value"`
	}
	s := &l.r.Settings
	seen := map[string]int{}
	decodeFile(l, specSets, func(r *row, v *kv) {
		if v.Key == "" {
			return
		}
		st, ok := lookupSetting(v.Key)
		if !ok {
			r.errf("key", "%q is not a known setting", v.Key)
			return
		}
		key := st.key
		if line, dup := seen[key]; dup {
			r.errf("key", "%s is already set on line %d", key, line)
			return
		}
		seen[key] = r.line
		if err := st.set(s, v.Value); err != nil {
			r.cellErr(key, err)
		}
	})
	if s.PatternChangePenalty >= 0 {
		s.Weights.PatternChange = s.PatternChangePenalty
	}
}

func (l *loader) loadSites() {
	lines := map[string]int{}
	l.badOpenDays = map[string]bool{}
	l.r.Sites, l.siteLines = decodeFile(l, specSites, func(r *row, v *Site) {
		r.checkID("id", v.ID, lines)
		if v.Area != "" && !validID(v.Area) {
			r.errf("area", "%q is not a valid id (letters, digits, _, - and . only)", v.Area)
		}
		inRange(r, "lat", v.Lat, -90, 90, true)
		inRange(r, "lon", v.Lon, -180, 180, true)
		if r.ok("open_days") && v.OpenDays == 0 {
			r.errf("open_days", "the site is open on no day")
		}
		if !r.ok("open_days") || v.OpenDays == 0 {
			l.badOpenDays[v.ID] = true // no pattern check against it
		}
		inRange(r, "group_rooms", float64(v.GroupRooms), 0, float64(limits.rooms), true)
		inRange(r, "interview_rooms", float64(v.InterviewRooms), 0, float64(limits.rooms), true)
		if inRange(r, "seats_per_room", float64(v.SeatsPerRoom), 0, float64(limits.seats), true) && v.GroupRooms > 0 && v.SeatsPerRoom == 0 && r.ok("seats_per_room") {
			r.errf("seats_per_room", "must be more than 0 when group_rooms is %d", v.GroupRooms)
		}
	})
	l.sites = firstIndex(l.r.Sites, func(s Site) string { return s.ID })
}

// checkHoursLeft refuses a reduction that leaves a practitioner less than
// limits.minHoursLeft hours but not none: their available points would be
// so few that one case would weigh thousands of % in balancing.
func checkHoursLeft(r *row, v *Practitioner) {
	if left := v.ContractedHours - v.ReductionHours; r.has("contracted_hours") && left > 0 && left < limits.minHoursLeft {
		r.errf("reduction_hours", "leaves %s h of contracted_hours; want none or at least %s h", fmtNum(math.Round(left*100)/100), fmtNum(limits.minHoursLeft))
	}
}

// firstIndex maps each id to the position of its first row.
func firstIndex[T any](rows []T, id func(T) string) map[string]int {
	m := make(map[string]int, len(rows))
	for i, v := range rows {
		if k := id(v); k != "" {
			if _, ok := m[k]; !ok {
				m[k] = i
			}
		}
	}
	return m
}

func (l *loader) loadTeams() {
	lines := map[string]int{}
	l.r.Teams, l.teamLines = decodeFile(l, specTeams, func(r *row, v *Team) {
		r.checkID("id", v.ID, lines)
		l.ref(r, "base", v.Base, l.sites, FileSites, "site")
		if v.Area != "" && !validID(v.Area) {
			r.errf("area", "%q is not a valid id (letters, digits, _, - and . only)", v.Area)
		}
	})
	l.teams = firstIndex(l.r.Teams, func(t Team) string { return t.ID })
}

func (l *loader) loadPractitioners() {
	lines := map[string]int{}
	l.r.Practitioners, l.pracLines = decodeFile(l, specPracs, func(r *row, v *Practitioner) {
		r.checkID("id", v.ID, lines)
		l.ref(r, "team", v.Team, l.teams, FileTeams, "team")
		l.ref(r, "base_site", v.BaseSite, l.sites, FileSites, "site")
		enum(r, "grade", &v.Grade, grades...)
		inRange(r, "contracted_hours", v.ContractedHours, 1, 48, true)
		if r.has("reduction_hours") && r.has("contracted_hours") && v.ReductionHours > v.ContractedHours {
			r.errf("reduction_hours", "%s is more than contracted_hours %s", fmtNum(v.ReductionHours), fmtNum(v.ContractedHours))
		} else if inRange(r, "reduction_hours", v.ReductionHours, 0, inf, true) {
			checkHoursLeft(r, v)
		}
		inRange(r, "max_sessions", float64(v.MaxSessions), 0, float64(limits.sessions), true)
		if !r.ok("days") {
			return
		}
		if v.Days == 0 {
			v.Days = MonToFri
		}
		if r.ok("late_days") && v.LateDays&^v.Days != 0 {
			r.errf("late_days", "%s are not all days they work (%s)", v.LateDays, v.Days)
		}
		if !r.ok("pattern") {
			return
		}
		for d := Mon; d <= Sun; d++ {
			id, ok := v.Pattern.Site(d)
			if !ok {
				continue
			}
			if !v.Days.Has(d) {
				r.errf("pattern", "%s is not a day they work (%s)", d, v.Days)
				continue
			}
			if s, ok := l.ref(r, "pattern", id, l.sites, FileSites, "site"); ok && !l.badOpenDays[id] && !l.r.Sites[s].OpenDays.Has(d) {
				r.errf("pattern", "site %s is not open on %s", id, d)
			}
		}
	})
	l.pracs = firstIndex(l.r.Practitioners, func(p Practitioner) string { return p.ID })
}

func (l *loader) loadInterventions() {
	lines := map[string]int{}
	l.r.Interventions, l.intvLines = decodeFile(l, specIntvs, func(r *row, v *Intervention) {
		r.checkID("id", v.ID, lines)
		okKind := enum(r, "kind", &v.Kind, Programme, Pathway, UnpaidWork, GroupWork)
		okGender := enum(r, "gender", &v.Gender, GenderAny, GenderFemale, GenderMale)
		inRange(r, "session_hours", v.SessionHours, 0, 8, false)
		okMin := inRange(r, "min_group", float64(v.MinGroup), 1, float64(limits.group), true)
		okMax := inRange(r, "max_group", float64(v.MaxGroup), 1, float64(limits.group), true)
		if okMin && okMax && r.has("min_group") && r.has("max_group") && v.MinGroup > v.MaxGroup {
			r.errf("min_group", "%d is above max_group %d", v.MinGroup, v.MaxGroup)
		}
		inRange(r, "facilitators", float64(v.Facilitators), 0, float64(limits.staff), true)
		inRange(r, "total_sessions", float64(v.TotalSessions), 0, float64(limits.group), true)
		inRange(r, "sessions_per_week", float64(v.SessionsPerWeek), 0, 5, true)
		okMinAge := inRange(r, "min_age", float64(v.MinAge), 0, 120, true)
		okMaxAge := inRange(r, "max_age", float64(v.MaxAge), 0, 120, true)
		if okMinAge && okMaxAge && v.MinAge > 0 && v.MaxAge > 0 && v.MinAge > v.MaxAge {
			r.errf("min_age", "%d is above max_age %d", v.MinAge, v.MaxAge)
		}
		if v.Skill != "" && !validID(v.Skill) {
			r.errf("skill", "%q is not a valid id (letters, digits, _, - and . only)", v.Skill)
		}
		if v.Gender == "" {
			v.Gender = GenderAny
		}
		if okKind && okGender {
			l.checkHosts(r, v)
		}
	})
	l.intvs = firstIndex(l.r.Interventions, func(i Intervention) string { return i.ID })
}

// checkHosts reports listed sites that do not exist and a group
// intervention that no site may host: none of its sites (every site when
// none are listed) has a group room and admits its attendees (a women-only
// site hosts only interventions for women). A women-only site listed for
// an intervention not for women is a warning: no session of it runs there.
func (l *loader) checkHosts(r *row, v *Intervention) {
	if !r.ok("sites") || !l.loaded[FileSites] {
		return
	}
	hosts := func(s Site) bool {
		return s.GroupRooms > 0 && s.SeatsPerRoom > 0 && (!s.WomenOnly || v.Gender == GenderFemale)
	}
	any := false
	if len(v.Sites) == 0 {
		for _, s := range l.r.Sites {
			any = any || hosts(s)
		}
	}
	for _, id := range v.Sites {
		if s, ok := l.ref(r, "sites", id, l.sites, FileSites, "site"); ok {
			any = any || hosts(l.r.Sites[s])
			if l.r.Sites[s].WomenOnly && v.Gender != GenderFemale && v.Kind != UnpaidWork {
				l.p.warn(r.file, r.line, "sites", fmt.Sprintf("%s is women-only and %s is not for women (gender female): no session of it runs there", id, v.ID))
			}
		}
	}
	if v.Kind != UnpaidWork && !any {
		r.errf("sites", "no site may host it: none of its sites has a group room open to its attendees")
	}
}

func (l *loader) loadServiceUsers() {
	s := l.r.Settings
	towns := map[string]int{} // town → its first site
	for i, site := range l.r.Sites {
		if _, ok := towns[strings.ToLower(site.Town)]; !ok {
			towns[strings.ToLower(site.Town)] = i
		}
	}
	lines := map[string]int{}
	l.r.ServiceUsers, l.userLines = decodeFile(l, specUsers, func(r *row, v *ServiceUser) {
		r.checkID("id", v.ID, lines)
		l.ref(r, "team", v.Team, l.teams, FileTeams, "team")
		if p, ok := l.ref(r, "case_manager", v.CaseManager, l.pracs, FilePractitioners, "practitioner"); ok {
			if g := l.r.Practitioners[p].Grade; !g.HoldsCases() && slices.Contains(grades, g) {
				r.errf("case_manager", "%q is %s %s, not a PO or PSO", r.v(v.CaseManager), article(string(g)), g)
			}
		}
		hasLat, hasLon := r.raw("lat") != "", r.raw("lon") != ""
		switch {
		case hasLat && !hasLon:
			r.errf("lon", "missing value (lat is given)")
		case hasLon && !hasLat:
			r.errf("lat", "missing value (lon is given)")
		case hasLat && hasLon:
			inRange(r, "lat", v.Lat, -90, 90, true)
			inRange(r, "lon", v.Lon, -180, 180, true)
			v.HomeLat, v.HomeLon = v.Lat, v.Lon
		case v.Town == "":
			r.errf("town", "missing value (give lat and lon, or a town of %s)", FileSites)
		default:
			if i, ok := towns[strings.ToLower(v.Town)]; ok {
				v.HomeLat, v.HomeLon = l.r.Sites[i].Lat, l.r.Sites[i].Lon
			} else if l.loaded[FileSites] {
				r.errf("town", "%q is not a town of %s (give lat and lon instead)", r.v(v.Town), FileSites)
			}
		}
		enum(r, "gender", &v.Gender, GenderFemale, GenderMale)
		enum(r, "rosh", &v.RoSH, RoSHLow, RoSHMedium, RoSHHigh, RoSHVeryHigh)
		enum(r, "case_type", &v.CaseType, Community, Licence, Custody)
		inRange(r, "mappa", float64(v.MAPPA), 1, 3, true)
		if r.has("last_contact") && v.LastContact.After(s.WeekStart.AddDays(6).Time) {
			r.errf("last_contact", "%s is after the planning week (%s to %s)", r.v(v.LastContact.String()), s.WeekStart, s.WeekStart.AddDays(6))
		}
		for _, f := range v.Flags {
			if !slices.Contains(knownFlags, f) {
				r.errf("flags", "%q is not one of %s", r.v(f), strings.Join(knownFlags, ", "))
			}
		}
		if r.has("dob") {
			ws := s.WeekStart
			v.Birth, v.Age = v.DOB.Time, ageAt(v.DOB, ws)
			switch age := v.Age; {
			case !v.DOB.Before(ws.Time):
				r.errf("dob", "%s is not before the week start %s", r.v(v.DOB), ws)
			case age < 18 || age > 100:
				r.errf("dob", "%s gives an age at the week start outside 18 to 100", r.v(v.DOB))
			}
		}
		if r.ok("available") {
			if err := v.Available.resolve(s.Slots); err != nil {
				r.cellErr("available", err)
			}
		}
	})
	l.users = firstIndex(l.r.ServiceUsers, func(u ServiceUser) string { return u.ID })
}

// ageAt is the age in whole years on day at of someone born on dob.
func ageAt(dob, at Date) int {
	age := at.Year() - dob.Year()
	if at.Month() < dob.Month() || (at.Month() == dob.Month() && at.Day() < dob.Day()) {
		age--
	}
	return age
}

func (l *loader) loadRequirements() {
	type key struct {
		user string
		kind RequirementKind
		intv string
	}
	seen := map[key]int{}
	reqs, lines := decodeFile(l, specReqs, func(r *row, v *Requirement) {
		l.ref(r, "service_user", v.ServiceUser, l.users, FileServiceUsers, "service user")
		enum(r, "kind", &v.Kind, KindAppointment, KindIntervention, KindRAR, KindUnpaidWork)
		k := key{v.ServiceUser, v.Kind, v.Intervention}
		if line, dup := seen[k]; dup && v.ServiceUser != "" && v.Kind != "" {
			r.errf("service_user", "the same service user, kind and intervention are on line %d", line)
		} else {
			seen[k] = r.line
		}
		inRange(r, "sessions", float64(v.Sessions), 0, 10, true)
		inRange(r, "priority", float64(v.Priority), 0, 5, true) // 0 = 3, as empty
		if v.Induction && v.Kind != KindAppointment && v.Kind != "" {
			r.errf("induction", "only for kind appointment")
		}
		l.checkRequirementKind(r, v)
	})
	for i := range reqs {
		reqs[i].Line = lines[i]
	}
	l.r.Requirements = reqs
}

// checkRequirementKind checks the columns that depend on a requirement's
// kind: which interventions it may name, and hours.
func (l *loader) checkRequirementKind(r *row, v *Requirement) {
	var allowed []InterventionKind
	switch v.Kind {
	case KindAppointment:
		if v.Intervention != "" {
			r.errf("intervention", "must be empty for an appointment")
		}
	case KindIntervention:
		allowed = []InterventionKind{Programme, Pathway, GroupWork}
		if v.Intervention == "" {
			r.errf("intervention", "missing value (required for kind intervention)")
		}
	case KindRAR:
		allowed = []InterventionKind{Pathway, GroupWork}
		if v.Intervention == "" {
			r.errf("intervention", "missing value (required for kind rar)")
		}
	case KindUnpaidWork:
		allowed = []InterventionKind{UnpaidWork}
		if r.raw("hours") == "" {
			r.errf("hours", "missing value (required for kind unpaid_work)")
		}
	}
	if len(allowed) > 0 {
		if i, ok := l.ref(r, "intervention", v.Intervention, l.intvs, FileInterventions, "intervention"); ok {
			if k := l.r.Interventions[i].Kind; !containsKind(allowed, k) && containsKind(interventionKinds, k) {
				r.errf("intervention", "%q is %s %s intervention; %s %s requirement needs %s", r.v(v.Intervention), article(string(k)), k, article(string(v.Kind)), v.Kind, kindList(allowed))
			}
			l.warnPerWeek(r, v, &l.r.Interventions[i])
		}
	}
	if v.Kind != KindUnpaidWork && v.Kind != "" {
		for _, c := range []string{"hours", "hours_outstanding", "order_end"} {
			if r.raw(c) != "" {
				r.errf(c, "only for kind unpaid_work")
			}
		}
		return
	}
	inRange(r, "hours", v.Hours, 0, 28, true)
	if r.has("hours_outstanding") && r.has("hours") && v.HoursOutstanding < v.Hours {
		r.errf("hours_outstanding", "%s is less than hours", r.v(fmtNum(v.HoursOutstanding)))
	} else {
		inRange(r, "hours_outstanding", v.HoursOutstanding, 0, limits.hoursOutstanding, true)
	}
}

func containsKind(ks []InterventionKind, k InterventionKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func kindList(ks []InterventionKind) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = string(k)
	}
	switch len(names) {
	case 1:
		return article(names[0]) + " " + names[0] + " intervention"
	default:
		return article(names[0]) + " " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1] + " intervention"
	}
}

func (l *loader) loadProjects() {
	lines := map[string]int{}
	l.r.Projects, l.projLines = decodeFile(l, specProjs, func(r *row, v *Project) {
		r.checkID("id", v.ID, lines)
		l.ref(r, "site", v.Site, l.sites, FileSites, "site")
		inRange(r, "places", float64(v.Places), 1, float64(limits.group), true)
		inRange(r, "supervisors", float64(v.Supervisors), 1, float64(limits.staff), true)
		inRange(r, "hours", v.Hours, 0, 10, false)
	})
}

func (l *loader) loadNonAssociations() {
	seen := map[[2]string]int{}
	l.r.NonAssociations, l.naLines = decodeFile(l, specNAs, func(r *row, v *NonAssociation) {
		l.ref(r, "service_user_a", v.A, l.users, FileServiceUsers, "service user")
		l.ref(r, "service_user_b", v.B, l.users, FileServiceUsers, "service user")
		if v.A == "" || v.B == "" {
			return
		}
		if v.A == v.B {
			r.errf("service_user_b", "names the same service user as service_user_a")
			return
		}
		k := [2]string{min(v.A, v.B), max(v.A, v.B)}
		if line, dup := seen[k]; dup {
			r.errf("service_user_b", "the same pair is already on line %d", line)
			return
		}
		seen[k] = r.line
	})
}

var (
	grades            = []Grade{GradePO, GradePSO, GradeFacilitator, GradeSupervisor}
	interventionKinds = []InterventionKind{Programme, Pathway, UnpaidWork, GroupWork}
)

// article gives "an" before a vowel, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

// warnCrossFile reports what is valid but probably not meant, once every
// file has loaded: a skill no intervention asks for, a project day its
// site is closed, a case manager of another team.
func (l *loader) warnCrossFile() {
	skills := map[string]bool{skillUnpaidWork: true}
	for _, iv := range l.r.Interventions {
		skills[iv.ID] = true
		if iv.Skill != "" {
			skills[iv.Skill] = true
		}
	}
	for i, pr := range l.r.Practitioners {
		for _, sk := range pr.Skills {
			if !skills[sk] {
				l.p.warn(FilePractitioners, l.pracLines[i], "skills", fmt.Sprintf("%q is no intervention's skill (nor %s); ignored", sk, skillUnpaidWork))
			}
		}
	}
	for i, pj := range l.r.Projects {
		s, ok := l.sites[pj.Site]
		if !ok || l.badOpenDays[pj.Site] {
			continue
		}
		for _, d := range pj.Days.Days() {
			if !l.r.Sites[s].OpenDays.Has(d) {
				l.p.warn(FileProjects, l.projLines[i], "days", fmt.Sprintf("site %s is not open on %s: no work party can run then", pj.Site, d))
			}
		}
	}
	for i, su := range l.r.ServiceUsers {
		if p, ok := l.pracs[su.CaseManager]; ok && l.r.Practitioners[p].Team != su.Team {
			msg := "the case manager is in another team than the case's: balancing moves the case into its team"
			if l.opt.ShowValues {
				msg = fmt.Sprintf("%s is in team %s, not the case's team %s: balancing moves the case into its team",
					su.CaseManager, l.r.Practitioners[p].Team, su.Team)
			}
			l.p.warn(FileServiceUsers, l.userLines[i], "case_manager", msg)
		}
	}
}

// warnPerWeek warns when requirement v is due more sessions a week than
// its intervention meets (sessions_per_week, 1 when empty): a person
// attends one group of a programme, so the rest stay unmet every week.
func (l *loader) warnPerWeek(r *row, v *Requirement, iv *Intervention) {
	if spw := max(iv.SessionsPerWeek, 1); v.Sessions > spw && iv.Kind != UnpaidWork {
		l.p.warn(r.file, r.line, "sessions", fmt.Sprintf("%d sessions due a week, but %s meets %d a week (sessions_per_week): the rest stay unmet", v.Sessions, iv.ID, spw))
	}
}

// skillUnpaidWork is the skill that lets a practitioner supervise a work party.
const skillUnpaidWork = "unpaid_work"

// checkAreas checks the sites reserved to an area (sites.csv area): the
// area exists, and no team or practitioner is based, or has a usual site,
// at a site reserved to another area.
func (l *loader) checkAreas() {
	areas := map[string]bool{}
	areaOf := map[string]string{} // team → area
	for _, t := range l.r.Teams {
		a := t.Area
		if a == "" {
			a = t.ID
		}
		areas[a] = true
		areaOf[t.ID] = a
	}
	if !l.loaded[FileTeams] {
		return
	}
	reserved := map[string]string{} // site → its area
	for i, s := range l.r.Sites {
		if s.Area == "" || !validID(s.Area) {
			continue
		}
		if !areas[s.Area] {
			l.p.add(FileSites, l.siteLines[i], "area", fmt.Sprintf("%q is not an area of %s (a team's area, or its id when it has none)", s.Area, FileTeams))
			continue
		}
		reserved[s.ID] = s.Area
	}
	other := func(site, team string) (string, bool) {
		a, ok := reserved[site]
		return a, ok && areaOf[team] != "" && a != areaOf[team]
	}
	for i, t := range l.r.Teams {
		if a, bad := other(t.Base, t.ID); bad {
			l.p.add(FileTeams, l.teamLines[i], "base", fmt.Sprintf("site %s is reserved to area %s, not this team's area %s", t.Base, a, areaOf[t.ID]))
		}
	}
	for i, p := range l.r.Practitioners {
		if a, bad := other(p.BaseSite, p.Team); bad {
			l.p.add(FilePractitioners, l.pracLines[i], "base_site", fmt.Sprintf("site %s is reserved to area %s, not the area %s of team %s", p.BaseSite, a, areaOf[p.Team], p.Team))
		}
		for d := Mon; d <= Sun; d++ {
			if id, ok := p.Pattern.Site(d); ok {
				if a, bad := other(id, p.Team); bad {
					l.p.add(FilePractitioners, l.pracLines[i], "pattern", fmt.Sprintf("site %s (%s) is reserved to area %s, not the area %s of team %s", id, d, a, areaOf[p.Team], p.Team))
				}
			}
		}
	}
}
