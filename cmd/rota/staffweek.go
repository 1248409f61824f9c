package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/probation/rota/model/plan"
)

// printStaffWeek prints the staff's week from summary.json: late shifts,
// face-to-face hours by grade, staff km and idle days.
func printStaffWeek(w io.Writer, s plan.Summary) {
	grades := make([]string, 0, len(s.ContactHours))
	for g := range s.ContactHours {
		grades = append(grades, g)
	}
	slices.Sort(grades)
	var contact []string
	for _, g := range grades {
		contact = append(contact, fmt.Sprintf("%s %.1f h", g, s.ContactHours[g]))
	}
	if len(contact) == 0 {
		contact = []string{"none"}
	}
	fmt.Fprintf(w, "  staff: %d late shifts; contact %s; %.1f km from base; %d idle days\n",
		s.LateShifts, strings.Join(contact, ", "), s.StaffKm, len(s.IdleDays))
	for _, d := range s.IdleDays {
		fmt.Fprintf(w, "    idle: %s\n", d)
	}
}
