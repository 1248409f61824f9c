package check

import (
	"fmt"
	"strings"
	"testing"

	"github.com/probation/rota/fixtures/synth"
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// bigRota builds a large rota for a synthetic region: an appointment for
// every appointment requirement, sessions of ten for the intervention
// requirements, and office rows for every practitioner. It is not meant to
// be valid, only to exercise Check at the size of a large provider.
func bigRota(b *testing.B, cases int) (*model.Region, *plan.Plan) {
	b.Helper()
	files, err := synth.Generate(synth.Options{Cases: cases, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	r, err := model.Load(files.FS())
	if err != nil {
		b.Fatal(err)
	}
	p := &plan.Plan{}
	days := r.Days()
	slots := r.Settings.Slots
	pr := map[string]*model.Practitioner{}
	for i := range r.Practitioners {
		pr[r.Practitioners[i].ID] = &r.Practitioners[i]
	}
	for i, u := range r.ServiceUsers {
		if u.CaseManager == "" {
			continue
		}
		d := days[i%5]
		p.Appointments = append(p.Appointments, plan.Appointment{
			ServiceUser: u.ID, CaseManager: u.CaseManager, Site: pr[u.CaseManager].BaseSite,
			Date: d.Date.String(), Weekday: d.Weekday.String(), Slot: slots[i%2].Name,
		})
	}
	groups := map[string][]string{}
	for _, q := range r.Requirements {
		if q.Kind == model.KindIntervention || q.Kind == model.KindRAR {
			groups[q.Intervention] = append(groups[q.Intervention], q.ServiceUser)
		}
	}
	n := 0
	for _, iv := range r.Interventions {
		users := groups[iv.ID]
		site := r.Sites[0].ID
		if len(iv.Sites) > 0 {
			site = iv.Sites[0]
		}
		for len(users) > 0 {
			k := min(10, len(users))
			d, sl := days[n%5], slots[n%3]
			id := fmt.Sprintf("%s-%s-%s-%s-%d", iv.ID, site, d.Date, sl.Name, n)
			p.Sessions = append(p.Sessions, plan.Session{
				ID: id, Kind: plan.KindSession, Intervention: iv.ID, Site: site, Date: d.Date.String(),
				Weekday: d.Weekday.String(), Slot: sl.Name, Hours: iv.SessionHours,
				Staff: r.Practitioners[n%len(r.Practitioners)].ID, Attendees: strings.Join(users[:k], " "), Size: k,
			})
			for _, u := range users[:k] {
				p.Attendance = append(p.Attendance, plan.Attendance{
					ServiceUser: u, Session: id, Kind: plan.KindSession, Intervention: iv.ID, Site: site,
					Date: d.Date.String(), Weekday: d.Weekday.String(), Slot: sl.Name, Hours: iv.SessionHours,
				})
			}
			users = users[k:]
			n++
		}
	}
	for _, q := range r.Practitioners {
		for _, d := range days {
			if !q.Days.Has(d.Weekday) || d.Holiday {
				continue
			}
			for _, sl := range slots {
				p.Staff = append(p.Staff, plan.StaffRow{
					Practitioner: q.ID, Name: q.Name, Date: d.Date.String(), Weekday: d.Weekday.String(),
					Site: q.BaseSite, Slot: sl.Name, Activity: plan.ActivityOffice,
				})
			}
		}
	}
	return r, p
}

// BenchmarkCheck25000 checks a rota of a 25,000-case provider.
func BenchmarkCheck25000(b *testing.B) {
	r, p := bigRota(b, 25000)
	b.ReportMetric(float64(len(p.Appointments)+len(p.Attendance)+len(p.Staff)), "rows")
	for b.Loop() {
		Check(r, p)
	}
}
