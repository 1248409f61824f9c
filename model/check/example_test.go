package check_test

import (
	"fmt"
	"testing/fstest"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
)

func ExampleCheck() {
	data := fstest.MapFS{
		"sites.csv": {Data: []byte("id,name,town,lat,lon,open_days,group_rooms,seats_per_room,interview_rooms\n" +
			"city,City Office,Leicester,52.63,-1.13,mon tue wed thu fri,1,10,2\n")},
		"teams.csv":         {Data: []byte("id,name,base\nt,Team,city\n")},
		"practitioners.csv": {Data: []byte("id,name,team,grade,contracted_hours,base_site,days\np1,Pat,t,PO,37,city,mon\n")},
		"service_users.csv": {Data: []byte("id,team,case_manager,lat,lon,gender,dob,rosh,tier,case_type\n" +
			"u1,t,p1,52.63,-1.13,male,1980-01-01,low,C1,community\n")},
		"requirements.csv":  {Data: []byte("service_user,kind\nu1,appointment\n")},
		"interventions.csv": {Data: []byte("id,name,kind,session_hours,min_group,max_group,facilitators\ntsp,TSP,programme,2.5,2,12,1\n")},
	}
	r, err := model.Load(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	// A rota that books u1 on Tuesday, when their case manager does not work.
	p := &plan.Plan{
		Appointments: []plan.Appointment{{ServiceUser: "u1", CaseManager: "p1", Site: "city", Date: "2018-06-05", Weekday: "tue", Slot: "morning", Start: "09:00", End: "09:45", Room: "Interview 1"}},
		Staff: []plan.StaffRow{
			{Practitioner: "p1", Name: "Pat", Date: "2018-06-04", Weekday: "mon", Site: "city", Slot: "morning", Start: "09:00", End: "17:00", Activity: "office"},
			{Practitioner: "p1", Name: "Pat", Date: "2018-06-04", Weekday: "mon", Site: "city", Slot: "afternoon", Start: "09:00", End: "17:00", Activity: "office"},
			{Practitioner: "p1", Name: "Pat", Date: "2018-06-04", Weekday: "mon", Site: "city", Slot: "evening", Start: "09:00", End: "17:00", Activity: "office"},
		},
		Summary: plan.Summary{Status: "optimal", Coverage: plan.Coverage{AppointmentsDue: 1, AppointmentsPlanned: 1}},
	}
	rep := check.Check(r, p)
	for _, v := range rep.Violations {
		fmt.Println(v)
	}
	fmt.Println("ok:", rep.OK())
	// Output:
	// file.staff: appointments.csv:2: p1 has no appointments row in staff.csv for 2018-06-05 morning
	// staff.working-day: appointments.csv:2: p1 does not work on 2018-06-05 (days "mon")
	// ok: false
}
