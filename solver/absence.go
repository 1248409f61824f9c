package solver

// absentWhenFree reports whether case manager cm would see u on some day
// u is free but for an absence (absences.csv): cm's working day, not a
// bank holiday, and u free in a slot cm is absent or on a day cm is
// absent all day.
func absentWhenFree(b *builder, d *diagnosis, u userIx, cm pracIx) bool {
	r := b.r
	pr := &r.Practitioners[cm]
	for day := range b.days {
		dd := b.days[day]
		if dd.Holiday || !workDays(pr).Has(dd.Weekday) || !d.anySlot(b, u, dayIx(day)) {
			continue
		}
		for s := range b.slots {
			if b.available(u, dayIx(day), slotIx(s)) && !pracFree(r, int(cm), dd, s) {
				return true
			}
		}
	}
	return false
}
