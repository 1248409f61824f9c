package report

import (
	"html/template"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/probation/rota/model"
	"github.com/probation/rota/scenario"
)

// scenarioMap draws the region from latitude and longitude, with no map
// tiles: every home a light dot, affected homes orange, harmed homes red,
// the sites labelled squares and a closed site a red cross. Longitude is
// scaled by cos(latitude) so that distances look right.
func scenarioMap(rep *scenario.Report, harmed map[string]bool) (template.HTML, error) {
	if rep.Baseline == nil || rep.Baseline.Region == nil {
		return "", nil
	}
	r := rep.Baseline.Region
	if len(r.Sites) == 0 {
		return "", nil
	}
	pr := newMapProjection(r.Sites)
	h := placeHomes(pr, r.ServiceUsers, harmed)
	s := placeSites(pr, rep, closedSites(rep.Changes))

	p := newPlot("Where people live and the sites (no map tiles)", "west – east (km-scaled longitude)", "latitude")
	p.X.Tick.Label.Font.Size = 0
	p.X.Tick.Marker = noTicks{}
	if err := addMapPoints(p, h, s); err != nil {
		return "", err
	}
	if err := addSiteLabels(p, s); err != nil {
		return "", err
	}
	p.Legend.Top = false
	p.Legend.Left = false
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.Padding = vg.Points(2)
	p.Y.Tick.Marker = degreeTicks{}
	w, ht := mapSize(h.homes, h.affected, h.hurt, s.open, s.shut)
	return svg(p, w, ht, "Map of homes and sites")
}

// mapProjection places a latitude and longitude on the map: longitude
// scaled by k, the cosine of the sites' mean latitude.
type mapProjection struct{ k float64 }

func newMapProjection(sites []model.Site) mapProjection {
	lat0 := 0.0
	for _, s := range sites {
		lat0 += s.Lat
	}
	lat0 /= float64(len(sites))
	return mapProjection{k: math.Cos(lat0 * math.Pi / 180)}
}

func (pr mapProjection) xy(lat, lon float64) plotter.XY { return plotter.XY{X: lon * pr.k, Y: lat} }

// mapHomes are the homes on the map: not affected, affected and harmed.
type mapHomes struct{ homes, affected, hurt plotter.XYs }

// placeHomes places each service user's home by what the scenario does
// to them (harmed holds the affected, true when harmed).
func placeHomes(pr mapProjection, users []model.ServiceUser, harmed map[string]bool) mapHomes {
	var m mapHomes
	for _, u := range users {
		p := pr.xy(u.HomeLat, u.HomeLon)
		h, ok := harmed[u.ID]
		switch {
		case !ok:
			m.homes = append(m.homes, p)
		case h:
			m.hurt = append(m.hurt, p)
		default:
			m.affected = append(m.affected, p)
		}
	}
	return m
}

// closedSites says how each site the changes close is closed: "closed",
// "closed mon fri", "closed from 2018-06-06".
func closedSites(changes []scenario.Change) map[string]string {
	closed := map[string]string{}
	for _, c := range changes {
		if c.Kind != scenario.Close {
			continue
		}
		switch {
		case c.Days != 0:
			closed[c.ID] = "closed " + c.Days.String()
		case !c.From.IsZero():
			closed[c.ID] = "closed from " + c.From.String()
		default:
			closed[c.ID] = "closed"
		}
	}
	return closed
}

// mapSites are the sites on the map, open (with the scenario's new
// sites) and closed, each with its label.
type mapSites struct {
	open, shut             plotter.XYs
	openLabels, shutLabels []string
}

// placeSites places the baseline's sites, open or closed, then the sites
// the scenario adds.
func placeSites(pr mapProjection, rep *scenario.Report, closed map[string]string) mapSites {
	var m mapSites
	r := rep.Baseline.Region
	for _, s := range r.Sites {
		if what, ok := closed[s.ID]; ok {
			m.shut = append(m.shut, pr.xy(s.Lat, s.Lon))
			m.shutLabels = append(m.shutLabels, s.ID+" ("+what+")")
		} else {
			m.open = append(m.open, pr.xy(s.Lat, s.Lon))
			m.openLabels = append(m.openLabels, s.ID)
		}
	}
	if rep.Scenario != nil && rep.Scenario.Region != nil {
		for _, s := range rep.Scenario.Region.Sites {
			if _, ok := r.SiteIndex(s.ID); !ok {
				m.open = append(m.open, pr.xy(s.Lat, s.Lon))
				m.openLabels = append(m.openLabels, s.ID+" (new)")
			}
		}
	}
	return m
}

// addMapPoints adds the homes and sites to the map, each set with its
// legend entry, in drawing order.
func addMapPoints(p *plot.Plot, h mapHomes, s mapSites) error {
	for _, set := range []struct {
		pts    plotter.XYs
		shape  draw.GlyphDrawer
		radius vg.Length
		c      color.Color
		legend string
	}{
		{h.homes, draw.CircleGlyph{}, vg.Points(1.5), colourGrey, "home, not affected"},
		{h.affected, draw.CircleGlyph{}, vg.Points(2.5), colourB, "home, affected"},
		{h.hurt, draw.CircleGlyph{}, vg.Points(2.5), colourRed, "home, harmed"},
		{s.open, draw.BoxGlyph{}, vg.Points(4), colourA, "site"},
		{s.shut, draw.CrossGlyph{}, vg.Points(9), colourRed, "closed site"},
	} {
		if err := addScatter(p, set.pts, set.shape, set.radius, set.c, set.legend); err != nil {
			return err
		}
	}
	return nil
}

// addScatter adds one set of points, if any, with its legend entry.
func addScatter(p *plot.Plot, pts plotter.XYs, shape draw.GlyphDrawer, radius vg.Length, c color.Color, legend string) error {
	if len(pts) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	sc.GlyphStyle.Shape = shape
	sc.GlyphStyle.Radius = radius
	sc.GlyphStyle.Color = c
	p.Add(sc)
	p.Legend.Add(legend, sc)
	return nil
}

// addSiteLabels names the open and closed sites above their marks.
func addSiteLabels(p *plot.Plot, s mapSites) error {
	for _, l := range []struct {
		pts    plotter.XYs
		labels []string
	}{{s.open, s.openLabels}, {s.shut, s.shutLabels}} {
		if len(l.pts) == 0 {
			continue
		}
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: l.pts, Labels: l.labels})
		if err != nil {
			return err
		}
		for i := range lb.TextStyle {
			lb.TextStyle[i].XAlign = draw.XCenter
			lb.TextStyle[i].YAlign = 0.5
			lb.Offset = vg.Point{Y: vg.Points(6)}
		}
		p.Add(lb)
	}
	return nil
}

// mapSize sizes the canvas to the region's shape: at most 620 × 440 pt,
// the shape of the points kept, so that the map prints on one A4
// landscape page.
func mapSize(sets ...plotter.XYs) (w, h vg.Length) {
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, set := range sets {
		for _, q := range set {
			xmin, xmax = math.Min(xmin, q.X), math.Max(xmax, q.X)
			ymin, ymax = math.Min(ymin, q.Y), math.Max(ymax, q.Y)
		}
	}
	w, h = vg.Points(620), vg.Points(440)
	if dx, dy := xmax-xmin, ymax-ymin; dx > 0 && dy > 0 {
		const plotW, plotH, marginW, marginH = 560.0, 380.0, 60.0, 60.0
		if dy/dx > plotH/plotW {
			w = vg.Points(math.Max(plotH*dx/dy, 240) + marginW)
		} else {
			h = vg.Points(math.Max(plotW*dy/dx, 200) + marginH)
		}
	}
	return w, h
}

// noTicks marks no ticks (longitude × cos(latitude) has no meaning to read).
type noTicks struct{}

func (noTicks) Ticks(_, _ float64) []plot.Tick { return nil }

// degreeTicks are the default ticks labelled to 0.01°.
type degreeTicks struct{}

func (degreeTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'f', 2, 64) + "°"
		}
	}
	return ts
}
