// Package report turns a written rota into what operations managers and
// planners open, print and forward: report.html, one self-contained page
// (CSS, script and charts inline, no request leaves it) with the overview,
// each site's week, each practitioner's week, each site's day sheets, the
// group sessions and work parties, the unmet list and the caseloads; and
// calendars/, one iCalendar file per practitioner and per site.
//
// For several weeks planned in sequence (rota solve --weeks) it writes the
// horizon's report.html (horizon.go): a line of figures a week, each
// linking to the week's own report, and the running groups week by week.
//
// For a scenario (package scenario) it writes the planners' report.html:
// the headline in sentences, the figures before and after, the journeys
// that grow, the equality impact and a map.
//
// Charts are drawn by gonum.org/v1/plot as SVG and put inline; percentiles
// and histograms come from gonum.org/v1/gonum/stat. The same rota gives the
// same bytes.
//
// Times come from one place, Week.When: today a rota row carries a date
// and a slot, which the region's slot definitions turn into times; a row
// that carries start, end and room columns has those used instead.
package report
