package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/caseload"
)

// File names the report writes into a rota folder.
const (
	HTMLFile     = "report.html"
	CalendarsDir = "calendars"
)

//go:embed assets/*
var assets embed.FS

// pageAssets are the style and script every page carries inline (the
// pages make no request).
type pageAssets struct {
	CSS template.CSS
	JS  template.JS
}

func inline() pageAssets {
	return pageAssets{template.CSS(asset("style.css")), template.JS(asset("script.js"))}
}

// render executes a page's template on its data.
func render(t *template.Template, page any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, page); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return buf.Bytes(), nil
}

func asset(name string) string {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		panic(err) // only for a name not embedded: a programming error
	}
	return string(b)
}

// gridArgs carries a grid's rows with the page's days into the "grid"
// template.
type gridArgs struct {
	Days                      []dayCol
	Rows                      []gridRow
	Heading, Key, Note, Class string
}

var funcs = template.FuncMap{
	"gridArgs": func(days []dayCol, rows []gridRow, heading, key, note, class string) gridArgs {
		return gridArgs{Days: days, Rows: rows, Heading: heading, Key: key, Note: note, Class: class}
	},
}

var rotaTemplate = template.Must(template.New("rota.html").Funcs(funcs).ParseFS(assets, "assets/rota.html"))

// HTML renders the rota's report.html.
func (ro *Rota) HTML() ([]byte, error) {
	pg, err := ro.build()
	if err != nil {
		return nil, err
	}
	pg.pageAssets = inline()
	return render(rotaTemplate, pg)
}

// WriteDir writes report.html and calendars/ into dir (the rota folder),
// each file atomically. Calendars left by an earlier run for people or
// sites no longer on the rota are removed.
func (ro *Rota) WriteDir(dir string) error {
	return ro.WriteFiles(filepath.Join(dir, HTMLFile))
}

// WriteFiles writes the page to path and the calendars into calendars/
// beside it, creating the folders.
func (ro *Rota) WriteFiles(path string) error {
	b, err := ro.HTML()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := plan.WriteFileAtomic(path, b); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	cals, err := ro.Calendars()
	if err != nil {
		return err
	}
	cdir := filepath.Join(filepath.Dir(path), CalendarsDir)
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if old, err := filepath.Glob(filepath.Join(cdir, "*.ics")); err == nil {
		for _, f := range old {
			if _, ok := cals[filepath.Base(f)]; !ok {
				os.Remove(f)
			}
		}
	}
	for name, c := range cals {
		if err := plan.WriteFileAtomic(filepath.Join(cdir, name), c); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// FileWriter is where Write puts the report's files: a rota folder being
// written as a unit (plan.Folder).
type FileWriter interface {
	WriteFile(name string, b []byte) error
}

// Write is what `rota solve` calls while it writes the rota folder as a
// unit: report.html and calendars/ beside the rota files, from the plan in
// memory, the caseload result when balanced (bal may be nil) and the
// region planned.
func Write(out FileWriter, p *plan.Plan, bal *caseload.Result, r *model.Region) error {
	ro := fromResult(p, bal, r)
	b, err := ro.HTML()
	if err != nil {
		return err
	}
	if err := out.WriteFile(HTMLFile, b); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	cals, err := ro.Calendars()
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(cals)) {
		if err := out.WriteFile(CalendarsDir+"/"+name, cals[name]); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// fromResult is the report of a plan in memory and its balancing (nil
// when the week was planned on today's allocation).
func fromResult(p *plan.Plan, bal *caseload.Result, r *model.Region) *Rota {
	var cl *plan.Caseload
	if bal != nil {
		cl = &plan.Caseload{Rows: bal.Rows, Moves: bal.Moves, Summary: bal.Summary}
	}
	return FromPlan(p, cl, r)
}

// WriteFromDir reads the rota folder dir (planned for r; nil shows ids
// only) and writes its report.html and calendars/ into it.
func WriteFromDir(dir string, r *model.Region) error {
	ro, err := ReadRota(dir, r)
	if err != nil {
		return err
	}
	return ro.WriteDir(dir)
}
