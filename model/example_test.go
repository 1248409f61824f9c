package model_test

import (
	"errors"
	"fmt"

	"github.com/probation/rota/model"
)

func ExampleFieldError() {
	err := errors.Join(
		&model.FieldError{File: "service_users.csv", Line: 17, Column: "gender", Msg: `"X" is not one of female, male`},
		&model.FieldError{File: "sites.csv", Line: 1, Column: "lat", Msg: "missing column"},
		&model.FieldError{File: "teams.csv", Msg: "missing file"},
	)
	fmt.Println(err)
	// Output:
	// service_users.csv:17: gender: "X" is not one of female, male
	// sites.csv:1: lat: missing column
	// teams.csv: missing file
}

func ExampleLoadDir() {
	r, err := model.LoadDir("testdata/valid")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Summary())
	// Output:
	// ok: 4 sites, 2 teams, 6 practitioners (3.4 FTE case managers), 12 service users (10 generic, 2 IOM; 2 unallocated), 7 appointments, 4 sessions, 21 unpaid-work hours due; 3.5 cases per FTE case manager
}
