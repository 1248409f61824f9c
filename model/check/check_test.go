package check

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

func TestBaselineIsValid(t *testing.T) {
	r, p := fixture(t)
	rep := Check(r, p)
	for _, v := range rep.Violations {
		t.Errorf("baseline: %s", v)
	}
	if !rep.OK() {
		t.Fatal("baseline: OK() = false")
	}
}

// TestBaselineObjective works the fixture's objective out by hand from
// docs/output-format.md.
func TestBaselineObjective(t *testing.T) {
	r, p := fixture(t)
	rep := Check(r, p)
	kmPerDegree := 6371.0088 * math.Pi / 180
	want := plan.Terms{
		// u5: 1 of 2 appointments unmet, priority 1 (5/3), tier C (1.0), IOM (1.5).
		UnmetAppointments: 100 * 5.0 / 3 * 1.0 * 1.5 * 1,
		// u7: 1 hour unmet, priority 3, tier B; u8: 7 hours, priority 5 (1/3), tier A.
		UnmetHours: 10*1.3*1 + 10*(1.0/3)*1.6*7,
		// Appointments u2 0.05°, u5 0.1°, u3 0.02°; sessions u2 0.05°, u9 0.02°.
		Travel:      0.2 * 0.24 * kmPerDegree,
		WorstTravel: 1 * 0.1 * kmPerDegree,
		SessionsRun: 5 * (3 + 2),
		// Staff away from base city: p2 at hub on Monday (0.02°), p3 at
		// park on Monday and at hub on Tuesday (0.02° each).
		StaffTravel: 0.01 * 0.06 * kmPerDegree,
	}
	wantCov := plan.Coverage{
		AppointmentsDue: 5, AppointmentsPlanned: 4,
		SessionsDue: 4, SessionsPlanned: 4,
		HoursDue: 34, HoursPlanned: 26,
	}
	got := rep.Terms
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"unmet_appointments", got.UnmetAppointments, want.UnmetAppointments},
		{"unmet_sessions", got.UnmetSessions, want.UnmetSessions},
		{"unmet_hours", got.UnmetHours, want.UnmetHours},
		{"travel", got.Travel, want.Travel},
		{"worst_travel", got.WorstTravel, want.WorstTravel},
		{"sessions_run", got.SessionsRun, want.SessionsRun},
		{"pattern_changes", got.PatternChanges, want.PatternChanges},
		{"staff_travel", got.StaffTravel, want.StaffTravel},
		{"objective", rep.Objective, want.Sum()},
	} {
		if math.Abs(f.got-f.want) > 1e-9 {
			t.Errorf("%s = %.9f, want %.9f", f.name, f.got, f.want)
		}
	}
	if rep.Coverage != wantCov {
		t.Errorf("coverage = %+v, want %+v", rep.Coverage, wantCov)
	}
}

// TestPatternChangePenalty: with a penalty ≥ 0 the usual pattern may be
// left, and each day away costs the penalty.
func TestPatternChangePenalty(t *testing.T) {
	r := load(t, func(t *testing.T, f files) { f.add(model.FileSettings, "pattern_change_penalty,2.5") })
	p := baseline()
	derive(r, p)
	moveDay(p, "p4", tue, "far")
	summarize(r, p)
	rep := Check(r, p)
	for _, v := range rep.Violations {
		if v.Rule != "staff.idle-day" { // p4 has nothing booked at far
			t.Errorf("unexpected: %s", v)
		}
	}
	if got := rep.Terms.PatternChanges; got != 2.5 {
		t.Errorf("pattern_changes = %g, want 2.5", got)
	}
}

// moveDay puts every staff row of a practitioner's day at site.
func moveDay(p *plan.Plan, who, date, site string) {
	for i := range p.Staff {
		if s := &p.Staff[i]; s.Practitioner == who && s.Date == date {
			s.Site = site
		}
	}
}

func staffRowOf(t *testing.T, p *plan.Plan, who, date, slot string) *plan.StaffRow {
	t.Helper()
	for i := range p.Staff {
		if s := &p.Staff[i]; s.Practitioner == who && s.Date == date && s.Slot == slot {
			return s
		}
	}
	t.Fatalf("no staff row %s %s %s", who, date, slot)
	return nil
}

// sessionOf finds the session or work party of an intervention or project
// on a date.
func sessionOf(t *testing.T, p *plan.Plan, what, date string) *plan.Session {
	t.Helper()
	for i := range p.Sessions {
		s := &p.Sessions[i]
		if (s.Intervention == what && s.Kind == plan.KindSession || s.Project == what) && s.Date == date {
			return s
		}
	}
	t.Fatalf("no session of %s on %s", what, date)
	return nil
}

func appointmentOf(t *testing.T, p *plan.Plan, user string) *plan.Appointment {
	t.Helper()
	for i := range p.Appointments {
		if a := &p.Appointments[i]; a.ServiceUser == user {
			return a
		}
	}
	t.Fatalf("no appointment of %s", user)
	return nil
}

type mutation struct {
	name   string
	want   string                           // the rule expected to fire
	also   []string                         // further rules the same break is bound to fire (none for most)
	input  func(t *testing.T, f files)      // edits the data folder
	source func(t *testing.T, p *plan.Plan) // edits appointments and sessions before derive
	output func(t *testing.T, p *plan.Plan) // edits the derived files
	sum    func(s *plan.Summary)            // edits summary.json
	// previous, when set, checks with last week's rota (CheckPrevious): a
	// copy of the valid rota, which summary.json's continuity counts
	// match, then edited by previous (continuity_test.go).
	previous func(t *testing.T, prev *plan.Plan)
}

func mutations() []mutation {
	return append(append(groupMutations(), continuityMutations()...), []mutation{
		// Staff rota.
		{name: "two sites in a day", want: "staff.one-site-a-day",
			output: func(t *testing.T, p *plan.Plan) { staffRowOf(t, p, "p4", mon, "evening").Site = "far" }},
		{name: "rows on a day not worked", want: "staff.working-day",
			output: func(t *testing.T, p *plan.Plan) {
				for _, sl := range []string{"morning", "afternoon", "evening"} {
					p.Staff = append(p.Staff, plan.StaffRow{Practitioner: "p4", Name: "Pat Four", Date: wed, Weekday: "wed", Site: "city", Slot: sl, Start: "09:00", End: "17:00", Activity: plan.ActivityOffice})
				}
			}},
		{name: "session on a day not worked", want: "staff.working-day",
			input: func(t *testing.T, f files) {
				f.set(t, model.FilePractitioners, "p2", "days", "tue")
				f.set(t, model.FilePractitioners, "p2", "pattern", "")
			},
		},
		{name: "at a closed site that is not the base", want: "staff.site-open",
			also:   []string{"staff.idle-day"}, // nothing booked there
			output: func(t *testing.T, p *plan.Plan) { moveDay(p, "p4", mon, "annex") }},
		{name: "appointments away from the case manager", want: "staff.activity-site",
			also:   []string{"staff.idle-day"}, // nothing booked at hub
			output: func(t *testing.T, p *plan.Plan) { moveDay(p, "p1", tue, "hub") }},
		{name: "over the day's hours", want: "staff.hours",
			also:  []string{"staff.contact"}, // the week's contact share of 5 hours too
			input: func(t *testing.T, f files) { f.set(t, model.FilePractitioners, "p1", "contracted_hours", "5") }},
		{name: "appointments while facilitating", want: "staff.one-activity-a-slot", also: []string{"time.overlap"},
			source: func(t *testing.T, p *plan.Plan) {
				p.Appointments = append(p.Appointments, plan.Appointment{ServiceUser: "u5", CaseManager: "p5", Site: "city", Date: tue, Slot: "afternoon"})
				sessionOf(t, p, "tsp", tue).Staff = "p1 p5"
			},
			input: func(t *testing.T, f files) { f.set(t, model.FilePractitioners, "p5", "skills", "tsp") }},
		{name: "two staff rows in a slot", want: "staff.one-activity-a-slot",
			output: func(t *testing.T, p *plan.Plan) { p.Staff = append(p.Staff, *staffRowOf(t, p, "p4", mon, "morning")) }},
		{name: "at a site reserved to another area", want: "staff.site-area",
			input:  func(t *testing.T, f files) { f.set(t, model.FileSites, "far", "area", "t2") },
			also:   []string{"staff.idle-day"}, // nothing booked there
			output: func(t *testing.T, p *plan.Plan) { moveDay(p, "p4", mon, "far") }},
		{name: "usual pattern left", want: "staff.pattern",
			also:   []string{"staff.idle-day"}, // nothing booked there
			output: func(t *testing.T, p *plan.Plan) { moveDay(p, "p4", tue, "far") }},
		{name: "morning and evening in one day", want: "staff.shift",
			source: func(t *testing.T, p *plan.Plan) {
				a := appointmentOf(t, p, "u1")
				a.Slot, a.Start, a.End = "morning", "09:00", "09:45"
			}},
		{name: "evening on a day not a late day", want: "staff.late-days",
			input: func(t *testing.T, f files) { f.set(t, model.FilePractitioners, "p1", "late_days", "tue") }},
		{name: "more late shifts than max_late_days", want: "staff.late-days",
			input: func(t *testing.T, f files) { f.add(model.FileSettings, "max_late_days,0") }},
		{name: "over the contact share", want: "staff.contact",
			input: func(t *testing.T, f files) { f.set(t, model.FilePractitioners, "p1", "reduction_hours", "25") }},
		{name: "contact share of a grade", want: "staff.contact",
			input: func(t *testing.T, f files) { f.add(model.FileSettings, "contact_share.supervisor,0.2") }},
		{name: "idle day away from base", want: "staff.idle-day",
			output: func(t *testing.T, p *plan.Plan) { moveDay(p, "p5", tue, "far") }},

		// Supervision.
		{name: "not the case manager", want: "appointment.case-manager",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u1", "case_manager", "p5") }},
		{name: "unallocated", want: "appointment.case-manager",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u1", "case_manager", "") }},
		{name: "site closed that day", want: "appointment.site-open",
			source: func(t *testing.T, p *plan.Plan) { appointmentOf(t, p, "u3").Date = wed }},
		{name: "appointment at a site reserved to another area", want: "appointment.site-area",
			input: func(t *testing.T, f files) {
				f.set(t, model.FileSites, "city", "area", "t")
				f.set(t, model.FileServiceUsers, "u3", "team", "t2")
			}},
		{name: "user not available", want: "appointment.available",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u1", "available", "tue") }},
		{name: "a man's appointment at a women-only site", want: "appointment.women-only",
			source: func(t *testing.T, p *plan.Plan) {
				a := appointmentOf(t, p, "u5")
				a.Site, a.Room = "hub", "Interview 1"
			}},
		{name: "appointment without step-free access", want: "appointment.step-free",
			input: func(t *testing.T, f files) {
				f.set(t, model.FileServiceUsers, "u5", "step_free", "true")
				f.set(t, model.FileSites, "city", "step_free", "false")
			}},
		{name: "appointment too far", want: "appointment.travel",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u5", "lat", "53.0") }},
		{name: "no interview rooms", want: "appointment.interview-rooms", also: []string{"time.room"},
			input: func(t *testing.T, f files) { f.set(t, model.FileSites, "city", "interview_rooms", "0") }},
		{name: "interview rooms full", want: "appointment.interview-rooms", also: []string{"time.slot"},
			input: func(t *testing.T, f files) {
				f.set(t, model.FileSites, "city", "interview_rooms", "1")
				f.add(model.FileSettings, "appointment_minutes,105") // two a slot per room
			},
			source: func(t *testing.T, p *plan.Plan) { a := appointmentOf(t, p, "u5"); a.Slot, a.Start = "afternoon", "" }},
		{name: "case manager's slot full", want: "appointment.case-manager-capacity", also: []string{"time.slot"},
			input: func(t *testing.T, f files) { f.add(model.FileSettings, "appointment_minutes,150") }},
		{name: "two appointments a day", want: "appointment.one-a-day",
			source: func(t *testing.T, p *plan.Plan) {
				p.Appointments = append(p.Appointments, plan.Appointment{ServiceUser: "u5", CaseManager: "p5", Site: "city", Date: mon, Slot: "afternoon"})
			}},
		{name: "more appointments than due", want: "appointment.due",
			source: func(t *testing.T, p *plan.Plan) {
				p.Appointments = append(p.Appointments, plan.Appointment{ServiceUser: "u2", CaseManager: "p1", Site: "city", Date: tue, Slot: "morning"})
			}},

		// Sessions.
		{name: "unpaid work as a session", want: "session.intervention",
			source: func(t *testing.T, p *plan.Plan) {
				p.Sessions = append(p.Sessions, session("uw", "city", mon, "morning", "", "u7"))
			}},
		{name: "site closed that day", want: "session.site-open",
			source: func(t *testing.T, p *plan.Plan) { sessionOf(t, p, "yg", mon).Date = wed }},
		{name: "site not allowed", want: "session.site-allowed",
			input: func(t *testing.T, f files) { f.set(t, model.FileInterventions, "tsp", "sites", "far") }},
		{name: "women only, yet not a women's session", want: "session.women-only",
			input: func(t *testing.T, f files) {
				f.set(t, model.FileInterventions, "wg", "gender", "any")
				f.set(t, model.FileInterventions, "wg", "sites", "hub city") // hub alone would not load
			}},
		{name: "longer than the slot", want: "session.slot-length", also: []string{"time.slot"},
			input: func(t *testing.T, f files) { f.set(t, model.FileInterventions, "yg", "session_hours", "3") }},
		{name: "no group room", want: "session.group-rooms", also: []string{"time.room"},
			input: func(t *testing.T, f files) { f.set(t, model.FileSites, "city", "group_rooms", "0") }},
		{name: "two sessions in one room", want: "session.group-rooms", also: []string{"time.room", "attendance.one-cohort"},
			input: func(t *testing.T, f files) {
				f.set(t, model.FileRequirements, "u4,rar,yg", "sessions", "2")
				f.set(t, model.FilePractitioners, "p5", "skills", "yg")
			},
			source: func(t *testing.T, p *plan.Plan) {
				p.Sessions = append(p.Sessions, session("yg", "city", tue, "afternoon", "p5", "u4"))
			},
		},
		{name: "more attendees than seats", want: "session.seats",
			input: func(t *testing.T, f files) { f.set(t, model.FileSites, "city", "seats_per_room", "1") }},
		{name: "below the minimum group", want: "session.group-size",
			input: func(t *testing.T, f files) { f.set(t, model.FileInterventions, "tsp", "min_group", "3") }},
		{name: "above the maximum group", want: "session.group-size",
			input: func(t *testing.T, f files) {
				f.set(t, model.FileInterventions, "tsp", "max_group", "1")
				f.set(t, model.FileInterventions, "tsp", "min_group", "1")
			}},
		{name: "too few facilitators", want: "session.facilitators",
			input: func(t *testing.T, f files) { f.set(t, model.FileInterventions, "yg", "facilitators", "2") }},
		{name: "facilitator without the skill", want: "session.skill",
			input: func(t *testing.T, f files) { f.set(t, model.FilePractitioners, "p1", "skills", "tsp") }},
		{name: "more sessions than max_sessions", want: "session.max-sessions",
			input: func(t *testing.T, f files) { f.set(t, model.FilePractitioners, "p1", "max_sessions", "1") }},

		// Attendance.
		{name: "no requirement", want: "attendance.requirement",
			input: func(t *testing.T, f files) { f.del(t, model.FileRequirements, "u4,rar,yg") }},
		{name: "more sessions than due", want: "attendance.due",
			also: []string{"staff.shift", "staff.late-days", "attendance.one-cohort"}, // p1's Tuesday morning and second evening; yg meets once a week
			source: func(t *testing.T, p *plan.Plan) {
				p.Sessions = append(p.Sessions, session("yg", "city", tue, "evening", "p1", "u4"))
			}},
		{name: "wrong gender", want: "attendance.gender",
			input: func(t *testing.T, f files) { f.set(t, model.FileInterventions, "yg", "gender", "male") }},
		{name: "outside the age band", want: "attendance.age",
			input: func(t *testing.T, f files) { f.set(t, model.FileInterventions, "yg", "min_age", "19") }},
		{name: "attending at a site reserved to another area", want: "attendance.site-area",
			input: func(t *testing.T, f files) {
				f.set(t, model.FileSites, "hub", "area", "t")
				f.set(t, model.FileServiceUsers, "u3", "team", "t2")
			}},
		{name: "men at a women-only site", want: "attendance.women-only",
			also: []string{"session.women-only"}, // men attend only sessions not for women, or attendance.gender fires
			source: func(t *testing.T, p *plan.Plan) {
				sessionOf(t, p, "tsp", tue).Site = "hub"
				appointmentOf(t, p, "u3").Site = "hub"
			}},
		{name: "needs step-free access", want: "attendance.step-free",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u3", "step_free", "true") }},
		{name: "not available", want: "attendance.available",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u2", "available", "mon") }},
		{name: "session too far", want: "attendance.travel",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u4", "lat", "53.0") }},
		{name: "two sessions a day", want: "attendance.one-session-a-day",
			also:  []string{"staff.shift", "attendance.one-cohort"}, // p1's morning and evening; yg meets once a week
			input: func(t *testing.T, f files) { f.set(t, model.FileRequirements, "u4,rar,yg", "sessions", "2") },
			source: func(t *testing.T, p *plan.Plan) {
				p.Sessions = append(p.Sessions, session("yg", "city", mon, "morning", "p1", "u4"))
			}},
		{name: "in two groups of a weekly programme", want: "attendance.one-cohort",
			also: []string{"staff.shift"}, // p1's morning and evening
			input: func(t *testing.T, f files) {
				f.set(t, model.FileRequirements, "u4,rar,yg", "sessions", "2")
				f.add(model.FileSettings, "one_session_per_day,false")
			},
			source: func(t *testing.T, p *plan.Plan) {
				p.Sessions = append(p.Sessions, session("yg", "city", mon, "morning", "p1", "u4"))
			}},
		{name: "appointment during a session", want: "attendance.one-activity-a-slot",
			also: []string{"time.overlap", "staff.shift"}, // p1's morning and evening
			source: func(t *testing.T, p *plan.Plan) {
				a := appointmentOf(t, p, "u3")
				a.Date, a.Slot, a.Start = mon, "morning", ""
			}},
		{name: "appointment during a work party", want: "attendance.one-activity-a-slot",
			also:  []string{"time.overlap", "waiting-room.non-association"}, // u1, whom u6 must not meet, is seen there then
			input: func(t *testing.T, f files) { f.add(model.FileRequirements, "u6,appointment,,1,,") },
			source: func(t *testing.T, p *plan.Plan) {
				p.Appointments = append(p.Appointments, plan.Appointment{ServiceUser: "u6", CaseManager: "p1", Site: "city", Date: mon, Slot: "afternoon"})
			}},
		{name: "non-associates together", want: "attendance.non-association",
			also:  []string{"waiting-room.non-association"}, // u1 and u2 also meet at their Monday appointments
			input: func(t *testing.T, f files) { f.add(model.FileNonAssociations, "u2,u1,") }},
		{name: "non-associates in a work party", want: "attendance.non-association",
			input: func(t *testing.T, f files) { f.add(model.FileNonAssociations, "u8,u6,") }},

		// Absences, unavailability, women staff and the waiting room.
		{name: "appointment during an absence", want: "staff.absence",
			input: func(t *testing.T, f files) {
				f.add(model.FileAbsences, "practitioner,from,to,slots,reason")
				f.add(model.FileAbsences, "p5,2018-06-01,2018-06-04,morning,training")
			}},
		{name: "absent row without an absence", want: "file.staff",
			output: func(t *testing.T, p *plan.Plan) {
				r := staffRowOf(t, p, "p4", mon, "evening")
				r.Activity, r.Detail = plan.ActivityAbsent, "leave"
			}},
		{name: "appointment on a court date", want: "attendance.unavailable-date",
			input: func(t *testing.T, f files) {
				f.add(model.FileUnavailability, "service_user,from,to,slots")
				f.add(model.FileUnavailability, "u5,2018-06-04,2018-06-04,morning")
			}},
		{name: "a man at a site for women staff", want: "staff.women-staff",
			input: func(t *testing.T, f files) {
				addColumn(f, model.FileSites, "women_staff", "false")
				f.set(t, model.FileSites, "hub", "women_staff", "true")
			}},
		{name: "two women facilitating a mixed programme", want: "session.facilitator-genders",
			input: func(t *testing.T, f files) {
				addColumn(f, model.FilePractitioners, "gender", "female")
				addColumn(f, model.FileInterventions, "facilitator_genders", "any")
				f.set(t, model.FileInterventions, "tsp", "facilitator_genders", "mixed")
			}},
		{name: "a man facilitating a women's programme", want: "session.facilitator-genders",
			input: func(t *testing.T, f files) {
				addColumn(f, model.FilePractitioners, "gender", "male")
				addColumn(f, model.FileInterventions, "facilitator_genders", "any")
				f.set(t, model.FileInterventions, "wg", "facilitator_genders", "female")
			}},
		{name: "non-associates in one waiting room", want: "waiting-room.non-association",
			input: func(t *testing.T, f files) { f.add(model.FileNonAssociations, "u3,u1,") },
			source: func(t *testing.T, p *plan.Plan) {
				a := appointmentOf(t, p, "u3")
				a.Date, a.Slot, a.Start, a.End = mon, "afternoon", "16:15", "17:00" // the slot's last place
			}},

		// Unpaid work.
		{name: "not a project day", want: "party.day",
			input: func(t *testing.T, f files) { f.set(t, model.FileProjects, "garden", "days", "tue") }},
		{name: "more people than places", want: "party.places",
			input: func(t *testing.T, f files) { f.set(t, model.FileProjects, "garden", "places", "1") }},
		{name: "one person", want: "party.min-size",
			source: func(t *testing.T, p *plan.Plan) { sessionOf(t, p, "garden", mon).Attendees = "u6" }},
		{name: "too many supervisors", want: "party.supervisors",
			source: func(t *testing.T, p *plan.Plan) { sessionOf(t, p, "garden", mon).Staff = "p3 p4" }},
		{name: "supervisor without the skill", want: "party.skill",
			input: func(t *testing.T, f files) { f.set(t, model.FilePractitioners, "p3", "skills", "") }},
		{name: "no unpaid-work requirement", want: "party.requirement",
			input: func(t *testing.T, f files) { f.del(t, model.FileRequirements, "u6,unpaid_work") }},
		{name: "more hours than due", want: "party.hours-due",
			input: func(t *testing.T, f files) { f.set(t, model.FileRequirements, "u6,unpaid_work", "hours", "5") }},
		{name: "a work party at a site reserved to another area", want: "party.site-area",
			input: func(t *testing.T, f files) {
				f.set(t, model.FileSites, "park", "area", "t")
				f.set(t, model.FileServiceUsers, "u6", "team", "t2")
			}},
		{name: "a man at a women-only project", want: "party.women-only",
			source: func(t *testing.T, p *plan.Plan) { sessionOf(t, p, "sew", tue).Attendees = "u7 u9 u8" }},
		{name: "a man at a women-only site's project", want: "party.women-only-site",
			input:  func(t *testing.T, f files) { f.set(t, model.FileProjects, "sew", "women_only", "false") },
			source: func(t *testing.T, p *plan.Plan) { sessionOf(t, p, "sew", tue).Attendees = "u7 u9 u8" }},
		{name: "work party without step-free access", want: "party.step-free",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u6", "step_free", "true") }},
		{name: "a lone woman", want: "party.lone-woman",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u8", "gender", "female") }},
		{name: "work party too far", want: "party.travel",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u6", "lat", "53.0") }},
		{name: "not available all day", want: "party.available",
			input: func(t *testing.T, f files) { f.set(t, model.FileServiceUsers, "u6", "available", "mon:morning tue") }},

		// Times and rooms.
		{name: "appointment outside its slot", want: "time.slot",
			output: func(t *testing.T, p *plan.Plan) { a := appointmentOf(t, p, "u2"); a.Start, a.End = "12:00", "12:45" }},
		{name: "appointment without times (an older rota folder)", want: "time.slot",
			output: func(t *testing.T, p *plan.Plan) { a := appointmentOf(t, p, "u2"); a.Start, a.End = "", "" }},
		{name: "appointment of the wrong length", want: "time.slot",
			output: func(t *testing.T, p *plan.Plan) { appointmentOf(t, p, "u1").End = "09:30" }},
		{name: "induction as long as an appointment", want: "time.slot",
			input: func(t *testing.T, f files) {
				lines := f.lines(model.FileRequirements)
				for i := range lines {
					switch {
					case i == 0:
						lines[i] += ",induction"
					case strings.HasPrefix(lines[i], "u5,appointment,"):
						lines[i] += ",true"
					default:
						lines[i] += ","
					}
				}
				f.setLines(model.FileRequirements, lines)
			}},
		{name: "session ending before it starts", want: "time.slot",
			output: func(t *testing.T, p *plan.Plan) { s := sessionOf(t, p, "tsp", tue); s.Start, s.End = "15:00", "14:00" }},
		{name: "a room the site does not have", want: "time.room",
			output: func(t *testing.T, p *plan.Plan) { appointmentOf(t, p, "u1").Room = "Interview 3" }},
		{name: "two appointments in one room at once", want: "time.room",
			source: func(t *testing.T, p *plan.Plan) {
				a := appointmentOf(t, p, "u5")
				a.Slot, a.Start, a.End, a.Room = "afternoon", "13:45", "14:30", "Interview 1" // u1's room then
			}},
		{name: "a work party in a room", want: "time.room",
			output: func(t *testing.T, p *plan.Plan) { sessionOf(t, p, "garden", mon).Room = "Group room 1" }},
		{name: "a case manager in two rooms at once", want: "time.overlap",
			output: func(t *testing.T, p *plan.Plan) {
				a := appointmentOf(t, p, "u2")
				a.Start, a.End, a.Room = "13:45", "14:30", "Interview 2" // while p1 sees u1
			}},
		{name: "appointment outside the shift", want: "time.shift", also: []string{"time.staff-shift"},
			output: func(t *testing.T, p *plan.Plan) {
				for _, sl := range []string{"morning", "afternoon", "evening"} {
					r := staffRowOf(t, p, "p5", mon, sl)
					r.Start, r.End = "14:00", "17:00"
				}
			}},
		{name: "a day's rows disagree on the shift", want: "time.staff-shift",
			output: func(t *testing.T, p *plan.Plan) { staffRowOf(t, p, "p4", mon, "evening").End = "16:00" }},
		{name: "a slot worked outside the shift", want: "time.staff-shift", also: []string{"time.shift"},
			output: func(t *testing.T, p *plan.Plan) {
				for _, sl := range []string{"morning", "afternoon", "evening"} {
					staffRowOf(t, p, "p1", mon, sl).End = "17:00"
				}
			}},
		// Pins (pins_test.go has the rule's other cases).
		{name: "a pinned appointment not in the rota", want: "pins.kept", input: pinAppointment(tue, "morning")},

		// Files.
		{name: "weekday does not match the date", want: "file.date",
			output: func(t *testing.T, p *plan.Plan) { appointmentOf(t, p, "u1").Weekday = "tue" }},
		{name: "unknown slot of a work party", want: "file.slot",
			output: func(t *testing.T, p *plan.Plan) {
				s := sessionOf(t, p, "garden", mon)
				s.Slot = "morning"
				for i := range p.Attendance {
					if p.Attendance[i].Session == s.ID {
						p.Attendance[i].Slot = "morning"
					}
				}
			}},
		{name: "unknown practitioner", want: "file.unknown-id",
			output: func(t *testing.T, p *plan.Plan) {
				r := *staffRowOf(t, p, "p4", mon, "morning")
				r.Practitioner = "p99"
				p.Staff = append(p.Staff, r)
			}},
		{name: "attendance row twice", want: "file.duplicate",
			output: func(t *testing.T, p *plan.Plan) { p.Attendance = append(p.Attendance, p.Attendance[0]) }},
		{name: "unmet row twice", want: "file.duplicate",
			output: func(t *testing.T, p *plan.Plan) { p.Unmet = append(p.Unmet, p.Unmet[0]) }},
		{name: "unknown activity", want: "file.value",
			output: func(t *testing.T, p *plan.Plan) {
				r := *staffRowOf(t, p, "p4", mon, "morning")
				r.Activity = "lunch"
				p.Staff = append(p.Staff, r)
			}},
		{name: "wrong name", want: "file.mismatch",
			output: func(t *testing.T, p *plan.Plan) { staffRowOf(t, p, "p4", mon, "morning").Name = "Sam" }},
		{name: "travel_km not the distance", want: "file.mismatch",
			output: func(t *testing.T, p *plan.Plan) { appointmentOf(t, p, "u5").TravelKm = 12 }},
		{name: "size not the attendees", want: "file.mismatch",
			output: func(t *testing.T, p *plan.Plan) { sessionOf(t, p, "tsp", tue).Size = 3 }},
		{name: "badly formed session id", want: "file.session-id",
			output: func(t *testing.T, p *plan.Plan) {
				s := sessionOf(t, p, "tsp", tue)
				old := s.ID
				s.ID = "S1"
				for i := range p.Attendance {
					if p.Attendance[i].Session == old {
						p.Attendance[i].Session = s.ID
					}
				}
				for i := range p.Staff {
					if p.Staff[i].Detail == old {
						p.Staff[i].Detail = s.ID
					}
				}
			}},
		{name: "staff row misses a user seen", want: "file.staff",
			output: func(t *testing.T, p *plan.Plan) { staffRowOf(t, p, "p1", mon, "morning").Detail = "u1" }},
		{name: "staff row missing", want: "file.staff",
			output: func(t *testing.T, p *plan.Plan) {
				i := slices.IndexFunc(p.Staff, func(s plan.StaffRow) bool { return s.Practitioner == "p4" })
				p.Staff = slices.Delete(p.Staff, i, i+1)
			}},
		{name: "supervising row names an office day", want: "file.staff", also: []string{"time.staff-shift"},
			output: func(t *testing.T, p *plan.Plan) {
				r := staffRowOf(t, p, "p3", mon, "evening")
				r.Activity, r.Detail = plan.ActivitySupervising, sessionOf(t, p, "garden", mon).ID
			}},
		{name: "attendance row missing", want: "file.attendance",
			output: func(t *testing.T, p *plan.Plan) { p.Attendance = p.Attendance[1:] }},
		{name: "attendance row on the wrong date", want: "file.attendance",
			output: func(t *testing.T, p *plan.Plan) { p.Attendance[0].Date, p.Attendance[0].Weekday = wed, "wed" }},
		{name: "unmet row missing", want: "file.unmet",
			output: func(t *testing.T, p *plan.Plan) { p.Unmet = p.Unmet[1:] }},
		{name: "unmet figures wrong", want: "file.unmet",
			output: func(t *testing.T, p *plan.Plan) { p.Unmet[0].Planned = 0 }},
		{name: "unmet rows out of order", want: "file.order",
			output: func(t *testing.T, p *plan.Plan) { slices.Reverse(p.Unmet) }},
		{name: "unmet row for a planned requirement", want: "file.unmet",
			output: func(t *testing.T, p *plan.Plan) {
				p.Unmet = append(p.Unmet, plan.Unmet{ServiceUser: "u1", Kind: "appointment", Due: 1, Planned: 0, Unmet: 1, Unit: "appointments", Reason: "x"})
			}},

		// Summary.
		{name: "status", want: "summary.status", sum: func(s *plan.Summary) { s.Status = "done" }},
		{name: "objective", want: "summary.objective", sum: func(s *plan.Summary) { s.Objective++; s.Bound++ }},
		{name: "term", want: "summary.terms.unmet_appointments", sum: func(s *plan.Summary) { s.Terms.UnmetAppointments++ }},
		{name: "term", want: "summary.terms.unmet_sessions", sum: func(s *plan.Summary) { s.Terms.UnmetSessions++ }},
		{name: "term", want: "summary.terms.unmet_hours", sum: func(s *plan.Summary) { s.Terms.UnmetHours *= 1.00001 }},
		{name: "term", want: "summary.terms.travel", sum: func(s *plan.Summary) { s.Terms.Travel++ }},
		{name: "term", want: "summary.terms.worst_travel", sum: func(s *plan.Summary) { s.Terms.WorstTravel++ }},
		{name: "term", want: "summary.terms.sessions_run", sum: func(s *plan.Summary) { s.Terms.SessionsRun-- }},
		{name: "term", want: "summary.terms.pattern_changes", sum: func(s *plan.Summary) { s.Terms.PatternChanges++ }},
		{name: "coverage", want: "summary.coverage.appointments_due", sum: func(s *plan.Summary) { s.Coverage.AppointmentsDue++ }},
		{name: "coverage", want: "summary.coverage.appointments_planned", sum: func(s *plan.Summary) { s.Coverage.AppointmentsPlanned++ }},
		{name: "coverage", want: "summary.coverage.sessions_due", sum: func(s *plan.Summary) { s.Coverage.SessionsDue++ }},
		{name: "coverage", want: "summary.coverage.sessions_planned", sum: func(s *plan.Summary) { s.Coverage.SessionsPlanned-- }},
		{name: "coverage", want: "summary.coverage.hours_due", sum: func(s *plan.Summary) { s.Coverage.HoursDue += 0.5 }},
		{name: "coverage", want: "summary.coverage.hours_planned", sum: func(s *plan.Summary) { s.Coverage.HoursPlanned-- }},
		{name: "count", want: "summary.sessions_run", sum: func(s *plan.Summary) { s.SessionsRun = 5 }},
		{name: "count", want: "summary.work_parties", sum: func(s *plan.Summary) { s.WorkParties = 0 }},
		{name: "mean km", want: "summary.travel_km_mean", sum: func(s *plan.Summary) { s.TravelKmMean += 0.2 }},
		{name: "max km", want: "summary.travel_km_max", sum: func(s *plan.Summary) { s.TravelKmMax = 11.3 }},
		{name: "staff travel", want: "summary.terms.staff_travel", sum: func(s *plan.Summary) { s.Terms.StaffTravel++ }},
		{name: "gap_abs", want: "summary.gap", sum: func(s *plan.Summary) { s.Bound = s.Objective - 1 }},
		{name: "gap", want: "summary.gap", sum: func(s *plan.Summary) { s.Bound, s.GapAbs, s.Gap = s.Objective-1, 1, 0.5 }},
	}...)
}

// TestMutations breaks the valid fixture one rule at a time and checks that
// exactly that rule fires.
func TestMutations(t *testing.T) {
	for _, m := range mutations() {
		t.Run(m.want+"/"+m.name, func(t *testing.T) {
			r := load(t, m.input)
			p := baseline()
			if m.source != nil {
				m.source(t, p)
			}
			derive(r, p)
			prev := lastWeek(p, m.previous != nil)
			if m.output != nil {
				m.output(t, p)
			}
			summarize(r, p)
			rep := checkMutated(t, r, p, prev, m)
			var rules []string
			for _, v := range rep.Violations {
				if !slices.Contains(rules, v.Rule) {
					rules = append(rules, v.Rule)
				}
			}
			want := append([]string{m.want}, m.also...)
			slices.Sort(rules)
			slices.Sort(want)
			if !slices.Equal(rules, want) {
				t.Errorf("rules fired %q, want only %q; violations:", rules, want)
				for _, v := range rep.Violations {
					t.Log(v)
				}
			}
			if rep.OK() {
				t.Error("OK() = true with violations")
			}
			if testing.Verbose() {
				for _, v := range rep.Violations {
					t.Log(v)
				}
			}
		})
	}
}

// TestEveryRuleTested checks that each rule id has a mutation.
func TestEveryRuleTested(t *testing.T) {
	tested := map[string]bool{}
	for _, m := range mutations() {
		tested[m.want] = true
		if !slices.Contains(Rules(), m.want) {
			t.Errorf("mutation %q expects unknown rule %q", m.name, m.want)
		}
	}
	for _, id := range Rules() {
		if !tested[id] {
			t.Errorf("rule %s has no mutation test", id)
		}
	}
}

// TestRulesDocumented checks that doc.go states every rule id, and names
// no rule that does not exist.
func TestRulesDocumented(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	seen := map[string]bool{}
	for _, id := range Rules() {
		if seen[id] {
			t.Errorf("rule %s listed twice", id)
		}
		seen[id] = true
		if !strings.Contains(doc, "  - "+id+": ") && !strings.Contains(doc, "  - "+id+"\n") {
			t.Errorf("doc.go does not state rule %s", id)
		}
	}
	for _, line := range strings.Split(doc, "\n") {
		item, ok := strings.CutPrefix(strings.TrimPrefix(line, "//"), "   - ")
		if !ok {
			continue
		}
		id, _, _ := strings.Cut(item, ":")
		if !seen[id] && strings.Contains(id, ".") && !strings.Contains(id, " ") {
			t.Errorf("doc.go states rule %s, which Check never reports", id)
		}
	}
}

func TestViolationString(t *testing.T) {
	v := Violation{Rule: "staff.hours", Where: "staff.csv:3", Msg: "p1 works 9 hours"}
	if got, want := v.String(), "staff.hours: staff.csv:3: p1 works 9 hours"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestSorted checks that violations come sorted by file, line and rule
// and that the same input gives the same report.
func TestSorted(t *testing.T) {
	r := load(t, func(t *testing.T, f files) {
		f.set(t, model.FileSites, "city", "interview_rooms", "0")
		f.set(t, model.FileSites, "city", "seats_per_room", "1")
		f.add(model.FileNonAssociations, "u2,u1,")
	})
	p := baseline()
	derive(r, p)
	p.Attendance = p.Attendance[1:]
	summarize(r, p)
	p.Summary.Objective++
	first := Check(r, p).Violations
	if len(first) < 5 {
		t.Fatalf("only %d violations", len(first))
	}
	for range 5 {
		if again := Check(r, p).Violations; !slices.Equal(again, first) {
			t.Fatalf("reports differ between runs")
		}
	}
	for i := 1; i < len(first); i++ {
		a, b := first[i-1], first[i]
		fa, la := sortKey(a.Where)
		fb, lb := sortKey(b.Where)
		if fileOrder[fa] > fileOrder[fb] || fa == fb && (la > lb || la == lb && a.Rule > b.Rule) {
			t.Errorf("%s before %s", a, b)
		}
	}
}

// TestReadDir checks a rota written to disk and read back.
func TestReadDir(t *testing.T) {
	r, p := fixture(t)
	dir := t.TempDir()
	if err := p.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	back, err := plan.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep := Check(r, back); !rep.OK() {
		for _, v := range rep.Violations {
			t.Error(v)
		}
	}
}

// TestEmptyRota: an empty rota breaks no placement rule, but every
// working day needs its staff rows and every requirement its unmet row.
func TestEmptyRota(t *testing.T) {
	r := load(t, nil)
	p := &plan.Plan{}
	summarize(r, p)
	rep := Check(r, p)
	for _, v := range rep.Violations {
		if v.Rule != "file.staff" && v.Rule != "file.unmet" {
			t.Errorf("unexpected: %s", v)
		}
	}
	if rep.Coverage.AppointmentsPlanned != 0 || rep.Coverage.AppointmentsDue != 5 {
		t.Errorf("coverage %+v", rep.Coverage)
	}
}

// TestBrokenRows: rows that resolve to nothing are reported, never panic.
func TestBrokenRows(t *testing.T) {
	r, p := fixture(t)
	p.Staff = append(p.Staff,
		plan.StaffRow{},
		plan.StaffRow{Practitioner: "p1", Name: "Pat One", Date: "2018-13-01", Site: "nowhere", Slot: "noon", Activity: "facilitating", Detail: "x"},
		plan.StaffRow{Practitioner: "p1", Name: "Pat One", Date: mon, Weekday: "mon", Site: "city", Slot: "morning", Activity: "supervising", Detail: p.Sessions[0].ID})
	p.Appointments = append(p.Appointments, plan.Appointment{}, plan.Appointment{ServiceUser: "u1", CaseManager: "p1", Site: "city", Date: "2019-01-01", Slot: "morning"})
	p.Sessions = append(p.Sessions,
		plan.Session{},
		plan.Session{ID: "a", Kind: plan.KindWorkParty, Project: "none", Site: "park", Date: mon, Weekday: "mon", Slot: "day", Staff: "p3 p3 zz", Attendees: "u1 u1 zz"},
		plan.Session{ID: "b", Kind: plan.KindSession, Intervention: "none", Site: "city", Date: mon, Weekday: "mon", Slot: "day"})
	p.Attendance = append(p.Attendance, plan.Attendance{}, plan.Attendance{ServiceUser: "u1", Session: "a"}, plan.Attendance{ServiceUser: "u1", Session: "b"})
	p.Unmet = append(p.Unmet, plan.Unmet{}, plan.Unmet{ServiceUser: "u5", Kind: "appointment"})
	p.Summary = plan.Summary{Status: "infeasible"}
	rep := Check(r, p)
	if rep.OK() {
		t.Fatal("no violations")
	}
	for _, v := range rep.Violations {
		if !slices.Contains(Rules(), v.Rule) {
			t.Errorf("undocumented rule in %s", v)
		}
	}
}

// addColumn adds column col to every row of file, with value.
func addColumn(f files, file, col, value string) {
	lines := f.lines(file)
	lines[0] += "," + col
	for i := 1; i < len(lines); i++ {
		lines[i] += "," + value
	}
	f.setLines(file, lines)
}
