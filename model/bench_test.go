package model

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// bigFolder is the valid folder scaled to n service users (London's order
// of magnitude is 25,000), with n/60 case managers and two requirements a
// case.
func bigFolder(t testing.TB, n int) fstest.MapFS {
	fsys := readFolder(t, "testdata/valid", func(b []byte) []byte { return b })
	var p, u, q strings.Builder
	p.WriteString("id,name,team,grade,contracted_hours,reduction_hours,base_site,days,pattern,skills,max_sessions\n")
	pracs := n/60 + 1
	for i := range pracs {
		fmt.Fprintf(&p, "p%05d,Staff %d,west,PO,37,0,hinckley,,mon:hinckley,tsp,3\n", i, i)
	}
	u.WriteString("id,team,case_manager,lat,lon,town,gender,dob,rosh,tier,case_type,iom,available,step_free,flags\n")
	q.WriteString("service_user,kind,intervention,sessions,hours,hours_outstanding,priority\n")
	tiers := Tiers()
	for i := range n {
		fmt.Fprintf(&u, "U%06d,west,p%05d,%.4f,%.4f,,male,19%02d-0%d-1%d,low,%s,community,,mon tue:morning,,\n",
			i, i%pracs, 52.5+float64(i%100)/1000, -1.3+float64(i%77)/1000, 50+i%45, 1+i%9, i%9, tiers[i%16])
		fmt.Fprintf(&q, "U%06d,appointment,,,,,\nU%06d,intervention,tsp,1,,,2\n", i, i)
	}
	fsys["practitioners.csv"] = &fstest.MapFile{Data: []byte(p.String())}
	fsys["service_users.csv"] = &fstest.MapFile{Data: []byte(u.String())}
	fsys["requirements.csv"] = &fstest.MapFile{Data: []byte(q.String())}
	fsys["non_associations.csv"] = &fstest.MapFile{Data: []byte("service_user_a,service_user_b\nU000001,U000002\n")}
	return fsys
}

func BenchmarkLoad25k(b *testing.B) {
	fsys := bigFolder(b, 25000)
	if _, err := Load(fsys); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Load(fsys); err != nil {
			b.Fatal(err)
		}
	}
}
