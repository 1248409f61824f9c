// Package check verifies a written weekly rota against the week's input,
// independently of the solver that wrote it (it imports nothing under
// solver/). [Check] takes a loaded [model.Region] and a [plan.Plan] (read
// with plan.ReadDir) and returns a [Report]: every rule broken, and the
// objective terms and coverage recomputed from the input and the rota
// alone, which summary.json must match within a relative and absolute
// tolerance of 1e-6.
//
// Each [Violation] names a rule by a stable id, where it was found
// ("appointments.csv:12" is line 12 of that file, the header being line 1;
// "requirements.csv:7" is a line of the input) and what is wrong. Violations
// are sorted by file (staff, appointments, sessions, attendance, unmet,
// summary, then input files), line and rule, so the same input always gives
// the same report. A row whose ids, date or slot do not resolve is reported
// once under file.* and left out of the rules that need them.
//
// Terms used below: a day's slots are the settings' slots; the daytime
// slots are those starting before 17:00, all of which a work party fills. A
// site is open on a day when the day is one of its open_days and not a bank
// holiday. A practitioner works on the days of their days column that are
// not bank holidays. Distances are straight-line (haversine, R = 6371.0088
// km) from the service user's home to the site. The people of a session or
// work party are its attendees column; its staff its staff column.
//
// # Staff rota
//
//   - staff.one-site-a-day: all of a practitioner's staff rows on one day
//     name the same site.
//   - staff.working-day: a practitioner has staff rows, appointments,
//     sessions or work parties only on days they work (their days column,
//     never a bank holiday).
//   - staff.site-open: the site a practitioner is at on a day is their
//     base_site or a site open that day.
//   - staff.site-area: the site is not reserved to another area (sites.csv
//     area) than the practitioner's team's.
//   - staff.activity-site: a practitioner's appointments, sessions and work
//     parties on a day are at the site their staff rows give for that day.
//   - staff.hours: a practitioner's activities on a day fit their hours,
//     contracted_hours ÷ the number of days in their days column; an
//     appointment takes appointment_minutes, a session its intervention's
//     session_hours, a work party its project's hours.
//   - staff.one-activity-a-slot: a practitioner does one thing in a slot
//     (their appointments in that slot count as one thing; facilitating a
//     session or supervising a work party, which fills every daytime slot,
//     is another), and staff.csv has one row per practitioner, date and
//     slot.
//   - staff.pattern: when pattern_change_penalty < 0 (the default) a
//     practitioner is at the site their usual pattern gives for that
//     weekday (unless the site takes women staff only and they are not a
//     woman: staff.women-staff).
//   - staff.absence: no appointment, session or work party of a
//     practitioner in a slot of an absence (absences.csv), and no staff
//     row on a day they are absent all day.
//   - staff.women-staff: only practitioners recorded as female work at a
//     site with women_staff.
//   - staff.shift: a practitioner's day is one shift: no activity in a
//     morning slot (starting before 12:00) and one in an evening slot
//     (starting at 17:00 or later) on the same day.
//   - staff.late-days: evening work only on a practitioner's late days
//     (practitioners.csv late_days), or, where that is empty, on at most
//     max_late_days days of the week.
//   - staff.contact: a practitioner's face-to-face hours in the week
//     (appointments, sessions facilitated, work parties supervised) are at
//     most contact_share of their grade × (contracted − reduction hours).
//   - staff.idle-day: a practitioner away from their base has something
//     booked at that site that day, unless their usual pattern puts them
//     there (an idle day, listed in summary.json).
//
// # Supervision appointments
//
//   - appointment.case-manager: an appointment is with the service user's
//     case manager (service_users.csv's case_manager; an unallocated user
//     has no appointments).
//   - appointment.site-open: the site is open that day.
//   - appointment.site-area: the site is not reserved to another area
//     (sites.csv area) than the service user's.
//   - appointment.available: the service user is available in that slot
//     (their available column; empty = always).
//   - appointment.women-only: only women have appointments at a women-only
//     site.
//   - appointment.step-free: someone who needs step-free access has
//     appointments only at step-free sites.
//   - appointment.travel: the site is within max_travel_km of the user's
//     home.
//   - appointment.interview-rooms: the site has interview rooms, and holds
//     at most interview_rooms × ⌊slot minutes ÷ appointment_minutes⌋
//     appointments in a slot.
//   - appointment.case-manager-capacity: a case manager has at most
//     ⌊slot minutes ÷ appointment_minutes⌋ appointments in a slot.
//   - appointment.one-a-day: a service user has at most one appointment a
//     day.
//   - appointment.due: a service user has no more appointments than their
//     appointment requirement's sessions (by default appointments.<tier
//     letter>, or appointments.iom for IOM cases; none without such a
//     requirement).
//
// # Group sessions
//
//   - session.intervention: a group session is of a programme, pathway or
//     group intervention (unpaid work runs as work parties).
//   - session.site-open: the site is open that day.
//   - session.site-allowed: the site is one of the intervention's sites
//     (empty = any site).
//   - session.women-only: a women-only site hosts only sessions of
//     interventions for women (gender female), even one that lists it.
//   - session.slot-length: the intervention's session_hours fit the slot.
//   - session.group-rooms: a site runs at most group_rooms sessions in a
//     slot.
//   - session.seats: a session has at most the site's seats_per_room
//     attendees.
//   - session.group-size: a session has between min_group and max_group
//     attendees.
//   - session.facilitators: a session has exactly the intervention's
//     facilitators (different practitioners). That they work that day, are
//     at that site and do nothing else in the slot are staff.working-day,
//     staff.activity-site and staff.one-activity-a-slot.
//   - session.skill: each facilitator holds the intervention's skill
//     (default: the intervention's id).
//   - session.max-sessions: nobody facilitates more sessions in the week
//     than their max_sessions (0 = no limit).
//   - session.facilitator-genders: an intervention with
//     facilitator_genders female is facilitated by women only; with mixed
//     and two or more facilitators, by at least one woman and one man.
//
// # Attendance at group sessions
//
//   - attendance.requirement: a service user attends sessions of an
//     intervention only with an intervention or rar requirement for it.
//   - attendance.due: a service user attends no more sessions of an
//     intervention than their requirements for it are due (sessions,
//     default 1; an intervention and a rar requirement for the same
//     intervention add up).
//   - attendance.gender: the intervention's gender (any, female, male)
//     admits the attendee.
//   - attendance.age: the attendee's age at the week start is within the
//     intervention's min_age … max_age (0 = no limit).
//   - attendance.women-only: only women attend sessions at a women-only
//     site.
//   - attendance.site-area: the session's site is not reserved to another
//     area than the attendee's.
//   - attendance.step-free: someone who needs step-free access attends
//     only at step-free sites.
//   - attendance.available: the attendee is available in the session's
//     slot.
//   - attendance.travel: the site is within max_travel_km of the
//     attendee's home.
//   - attendance.one-session-a-day: when one_session_per_day (the default)
//     a service user attends at most one group session a day (work parties
//     do not count).
//   - attendance.one-cohort: a service user attends sessions of at most
//     one group of an intervention in a week: no more of its sessions
//     than its sessions_per_week, and a running group's sessions are not
//     mixed with another group's.
//   - attendance.one-activity-a-slot: a service user does one thing in a
//     slot: appointments, sessions and work parties (which fill every
//     daytime slot) together. Two appointments in a slot are
//     appointment.one-a-day's.
//   - attendance.non-association: two people of non_associations.csv are
//     never in the same session or work party.
//   - attendance.unavailable-date: no appointment, session or work party
//     of a service user in a slot of their dated unavailability
//     (unavailability.csv).
//   - waiting-room.non-association: when non_association_appointments is
//     set (the default), two people of non_associations.csv are never
//     booked at one site in one slot (appointments, sessions and work
//     parties alike): they would meet in the waiting room.
//
// # Unpaid work
//
//   - party.day: a work party runs on one of its project's days, at a site
//     open that day.
//   - party.places: a party has at most the project's places people.
//   - party.min-size: a party has at least two people.
//   - party.supervisors: a party has exactly the project's supervisors
//     (different practitioners). That they work that day, are at the
//     project's site and do nothing else in any daytime slot are
//     staff.working-day, staff.activity-site and
//     staff.one-activity-a-slot.
//   - party.skill: each supervisor holds the skill unpaid_work.
//   - party.requirement: each person has an unpaid_work requirement.
//   - party.hours-due: the hours credited to a person (the project's hours
//     for each party day) are no more than the hours of their unpaid_work
//     requirements this week.
//   - party.women-only: only women join a women-only project's parties.
//   - party.women-only-site: only women join the parties of a project at a
//     women-only site (whatever the project's women_only; a women-only
//     project's are party.women-only's).
//   - party.step-free: someone who needs step-free access joins parties
//     only at step-free sites.
//   - party.site-area: the project's site is not reserved to another area
//     than the worker's.
//   - party.lone-woman: when no_lone_woman (the default) no party has
//     exactly one woman among men.
//   - party.travel: the project's site is within max_travel_km of each
//     person's home.
//   - party.available: each person is available in every daytime slot of
//     the party's day.
//
// # Running groups
//
// The groups running before the week are the input's groups.csv (rota
// check --groups names another: the previous week's rota's groups.csv);
// the rota's group_sessions.csv lists each group's sessions of the week
// and its groups.csv the groups running after it. A rota without these
// files planned from an input without groups has nothing to check here.
//
//   - group.session: each running group has one group_sessions.csv row for
//     each session it is due this week (sessions_per_week, no more than it
//     has left): held, naming a session of sessions.csv of its
//     intervention on that date, or "not held" with a reason; every other
//     row is a new group's.
//   - group.kept: a held session keeps its group's site, weekday (one of
//     them), slot and facilitators, or its change column names exactly
//     those that changed (site, weekday, slot, facilitators) and gives a
//     reason.
//   - group.closed: a closed group's sessions are attended by its members
//     only.
//   - group.members: a member of a running group attends no session of
//     its intervention but their group's (neither a new one nor another
//     group's).
//   - group.rolling: a rolling group takes newcomers only into free
//     places: its members after the week (the rota's groups.csv) number at
//     most max_group (each session's size is session.group-size's).
//   - group.every-session: every group session of sessions.csv is named
//     by exactly one row of group_sessions.csv: it belongs to a group.
//   - group.next: the rota's groups.csv is every running group not yet
//     complete (total_sessions) with sessions_done advanced by the
//     sessions held and, for a rolling group, the newcomers added to its
//     members; and one group for each new session (change "new"), at its
//     site, weekday and slot with its facilitators, one session done,
//     members among its attendees; nothing else.
//
// # Times and rooms
//
// Times are HH:MM; a booking from start to end overlaps another when each
// starts before the other ends. A rota folder without the start, end and
// room columns (written before they existed) breaks these rules: every
// rota solve writes them.
//
//   - time.slot: an appointment's or session's start is before its end
//     and both lie within its slot; a work party's within the span of the
//     daytime slots. An appointment lasts appointment_minutes, an
//     induction (requirements.csv induction) induction_minutes.
//   - time.room: an appointment is in one of its site's interview rooms,
//     "Interview 1" … "Interview n" (sites.csv interview_rooms), a session
//     in one of its group rooms, "Group room 1" … (group_rooms), a work
//     party in none; and no room of a site holds two overlapping bookings.
//   - time.overlap: no practitioner (case manager, facilitator or
//     supervisor) and no service user is in two overlapping bookings.
//   - time.shift: every booking of a practitioner lies within their shift
//     that day (staff.csv start and end).
//   - time.staff-shift: every staff row of a practitioner's day gives the
//     same shift, start before end, and each slot with an activity other
//     than office lies within it.
//
// # Pins
//
//   - pins.kept: every pin of pins.csv (and, in a re-plan, every booking
//     kept from the rota's past) is in the rota: the practitioner at the
//     site that day, the person's appointment at that site, date and slot
//     (with that case manager when the pin names one), the person or
//     facilitator in a session of that intervention at that site, date and
//     slot, the worker or supervisor in the project's party that day.
//
// # The files and their consistency
//
//   - file.date: a date is a date of the planning week and its weekday
//     column is that date's weekday.
//   - file.slot: a slot is one of the settings' slots; a work party's slot
//     is "day" and only a work party's.
//   - file.unknown-id: every id a row names (practitioner, service user,
//     site, intervention, project, session) exists.
//   - file.duplicate: ids are not repeated: session ids, a session's staff
//     or attendees, attendance rows (service user and session) and unmet
//     rows (requirement).
//   - file.value: an enumerated column holds one of its values (a staff
//     row's activity, a session row's kind).
//   - file.mismatch: a derived column agrees with what it is derived from:
//     a staff row's name, a session's hours (session_hours or the project's
//     hours), size (number of attendees), a work party's site (the
//     project's) and intervention (the catalogue's unpaid_work
//     intervention, if any), travel_km (the distance, to one decimal).
//   - file.session-id: a session id is INTERVENTION-SITE-DATE-SLOT-N and a
//     work party id PROJECT-DATE-N (N a number).
//   - file.staff: staff.csv mirrors the other files: an appointments row
//     lists exactly the service users the practitioner sees in that slot, a
//     facilitating or supervising row names a session they staff in that
//     slot, an office row has no detail; every appointment, session and
//     work-party slot of a practitioner has its row; and every practitioner
//     has a row for every slot of every day they work.
//   - file.attendance: attendance.csv has exactly one row per session and
//     attendee, with the session's kind, intervention, site, date, weekday,
//     slot and hours.
//   - file.unmet: unmet.csv has exactly one row per requirement not fully
//     planned, with its due, planned and unmet amounts (planned credited
//     as for attendance.due and party.hours-due, at most the due amount),
//     its unit (appointments, sessions or hours) and a reason.
//   - file.order: unmet.csv's rows are in the documented order: by service
//     user (as in service_users.csv), then as in requirements.csv.
//
// # summary.json
//
// The figures are checked unless the status is infeasible or cancelled.
//
//   - summary.status: the status is optimal, feasible, infeasible, stopped
//     or cancelled.
//   - summary.objective: the objective is the sum of the recomputed terms.
//   - summary.terms.unmet_appointments: Σ over appointment requirements of
//     weight.unmet_appointment × factor × unmet appointments, where factor
//     = (6 − priority) ÷ 3 × tier weight (A 1.6, B 1.3, C 1.0, D 0.8) ×
//     1.5 for an IOM case.
//   - summary.terms.unmet_sessions: Σ over intervention and rar
//     requirements of weight.unmet_session × factor × unmet sessions.
//   - summary.terms.unmet_hours: Σ over unpaid_work requirements of
//     weight.unmet_hour × factor × urgency × unmet hours, urgency being
//     the order's clock (order_end, hours_outstanding; orderclock.go).
//   - summary.terms.travel: weight.travel_km × the km of every
//     appointment, session attended and work-party day, one way, from the
//     coordinates.
//   - summary.terms.worst_travel: weight.worst_travel_km × the sum over
//     areas (teams.csv area) of the longest of those journeys made by a
//     person of the area.
//   - summary.terms.sessions_run: weight.session_run × (sessions + work
//     parties).
//   - summary.terms.pattern_changes: pattern_change_penalty × the
//     practitioner-days away from their usual pattern's site (0 when
//     patterns are fixed).
//   - summary.terms.staff_travel: weight.staff_km × the km from each
//     practitioner's base to their site, once for each day in staff.csv.
//   - summary.terms.group_continuity: weight.group_move × the running
//     groups' sessions held away from their site, weekday or slot +
//     weight.group_facilitator × their facilitators not the group's own +
//     weight.group_not_held × their sessions not held.
//   - summary.coverage.appointments_due: Σ appointments due.
//   - summary.coverage.appointments_planned: Σ appointments planned (each
//     requirement's at most its due).
//   - summary.coverage.sessions_due: Σ sessions due of intervention and rar
//     requirements.
//   - summary.coverage.sessions_planned: Σ sessions planned toward them.
//   - summary.coverage.hours_due: Σ unpaid-work hours due.
//   - summary.coverage.hours_planned: Σ unpaid-work hours planned toward
//     them.
//   - summary.sessions_run: the number of group sessions (work parties
//     not included).
//   - summary.work_parties: the number of work parties.
//   - summary.travel_km_mean: the mean journey, within 0.05 km (it may be
//     written to one decimal).
//   - summary.travel_km_max: the longest journey, within 0.05 km.
//   - summary.gap: gap_abs = objective − bound, and gap = gap_abs ÷
//     |objective| when the objective is not 0.
//
// # Last week's rota (rota check --previous, CheckPrevious)
//
// Weekdays, slots and sites are compared, not dates (docs/output-format.md,
// "Continuity"). Last week's appointments are its appointments.csv, and
// its regular.csv rows of people with none. Without last week's rota, the
// continuity term is taken as summary.json gives it.
//
//   - continuity.counts: summary.json's continuity counts (regular
//     appointments, kept, kept on weekday and site, moved weekday, slot
//     and site, practitioner-days compared, at another site, not worked,
//     new, and people of last week not in the input) and its shares equal
//     those recomputed from the rota and last week's.
//   - continuity.regular: regular.csv lists this week's appointments (in
//     appointments.csv order), then the rows of last week's reference
//     (last week's appointments, then its regular.csv rows of people with
//     none) of people in the input with no appointment this week.
//   - continuity.term: terms.continuity = weight.previous_appointment ×
//     (regular appointments − kept) + weight.previous_staff_day ×
//     practitioner-days at another site.
package check
