package solver

// Contact time: a practitioner's face-to-face hours in the week (their
// appointments, the sessions they facilitate and the work parties they
// supervise) are within a share of their hours net of reductions:
//
//	Σ_d (t·Σ a[p,d,·] + Σ hours_i·f[p,i,·,d,·] + Σ H_j·g[p,j,d]) ≤ σ_grade·(contracted_p − reduction_p)
//
// with σ_grade the setting contact_share (contact_share.<grade>; default
// 0.24 for probation officers and PSOs, 1 for facilitators and
// supervisors: see docs/model.md for the source). The row is made only
// when the options could exceed it, with its rounding by the appointment
// length t (roundedHours, constraint_practitionertime.go):
//
//	Σ ⌊hours_y ÷ t⌋·y ≤ ⌊σ_grade·(contracted_p − reduction_p) ÷ t⌋
//
// Checker rule: staff.contact.
type contactFamily struct{ noShare }

func (*contactFamily) name() string { return "contact time" }

// rows adds each practitioner's week of contact hours.
func (*contactFamily) rows(b *builder) {
	r := b.r
	week := make(map[pracIx]*lin)
	for _, a := range b.staffActs() {
		if week[a.prac] == nil {
			week[a.prac] = &lin{}
		}
		week[a.prac].add(a.col, a.hours)
	}
	for _, p := range b.pracs {
		e := week[p]
		if e == nil {
			continue
		}
		pr := &r.Practitioners[p]
		limit := r.Settings.ContactLimit(*pr)
		sum := 0.0
		for _, v := range e.val {
			sum += v
		}
		if !fitsHours(sum, limit) {
			b.le(colName("contact_", pr.ID), *e, limit)
			b.roundedHours(colName("contactr_", pr.ID), *e, limit, float64(r.Settings.AppointmentMinutes)/60)
		}
	}
}
