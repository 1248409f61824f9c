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
	lat0 := 0.0
	for _, s := range r.Sites {
		lat0 += s.Lat
	}
	lat0 /= float64(len(r.Sites))
	k := math.Cos(lat0 * math.Pi / 180)
	xy := func(lat, lon float64) plotter.XY { return plotter.XY{X: lon * k, Y: lat} }

	var homes, affected, hurt plotter.XYs
	for _, u := range r.ServiceUsers {
		p := xy(u.HomeLat, u.HomeLon)
		h, ok := harmed[u.ID]
		switch {
		case !ok:
			homes = append(homes, p)
		case h:
			hurt = append(hurt, p)
		default:
			affected = append(affected, p)
		}
	}
	closed := map[string]string{} // site: "closed", "closed mon fri", "closed from 2018-06-06"
	for _, c := range rep.Changes {
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
	var open, shut plotter.XYs
	var openLabels, shutLabels []string
	for _, s := range r.Sites {
		if what, ok := closed[s.ID]; ok {
			shut = append(shut, xy(s.Lat, s.Lon))
			shutLabels = append(shutLabels, s.ID+" ("+what+")")
		} else {
			open = append(open, xy(s.Lat, s.Lon))
			openLabels = append(openLabels, s.ID)
		}
	}
	if rep.Scenario != nil && rep.Scenario.Region != nil {
		for _, s := range rep.Scenario.Region.Sites {
			if _, ok := r.SiteIndex(s.ID); !ok {
				open = append(open, xy(s.Lat, s.Lon))
				openLabels = append(openLabels, s.ID+" (new)")
			}
		}
	}

	p := newPlot("Where people live and the sites (no map tiles)", "west – east (km-scaled longitude)", "latitude")
	p.X.Tick.Label.Font.Size = 0
	p.X.Tick.Marker = noTicks{}
	add := func(pts plotter.XYs, shape draw.GlyphDrawer, radius vg.Length, c color.Color, legend string) error {
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
	if err := add(homes, draw.CircleGlyph{}, vg.Points(1.5), colourGrey, "home, not affected"); err != nil {
		return "", err
	}
	if err := add(affected, draw.CircleGlyph{}, vg.Points(2.5), colourB, "home, affected"); err != nil {
		return "", err
	}
	if err := add(hurt, draw.CircleGlyph{}, vg.Points(2.5), colourRed, "home, harmed"); err != nil {
		return "", err
	}
	if err := add(open, draw.BoxGlyph{}, vg.Points(4), colourA, "site"); err != nil {
		return "", err
	}
	if err := add(shut, draw.CrossGlyph{}, vg.Points(9), colourRed, "closed site"); err != nil {
		return "", err
	}
	for _, l := range []struct {
		pts    plotter.XYs
		labels []string
	}{{open, openLabels}, {shut, shutLabels}} {
		if len(l.pts) == 0 {
			continue
		}
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: l.pts, Labels: l.labels})
		if err != nil {
			return "", err
		}
		for i := range lb.TextStyle {
			lb.TextStyle[i].XAlign = draw.XCenter
			lb.TextStyle[i].YAlign = 0.5
			lb.Offset = vg.Point{Y: vg.Points(6)}
		}
		p.Add(lb)
	}
	p.Legend.Top = false
	p.Legend.Left = false
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.Padding = vg.Points(2)
	p.Y.Tick.Marker = degreeTicks{}

	// Size the canvas to the region's shape.
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, set := range []plotter.XYs{homes, affected, hurt, open, shut} {
		for _, q := range set {
			xmin, xmax = math.Min(xmin, q.X), math.Max(xmax, q.X)
			ymin, ymax = math.Min(ymin, q.Y), math.Max(ymax, q.Y)
		}
	}
	// At most 620 × 440 pt, the region's shape kept, so that the map
	// prints on one A4 landscape page.
	w, h := vg.Points(620), vg.Points(440)
	if dx, dy := xmax-xmin, ymax-ymin; dx > 0 && dy > 0 {
		const plotW, plotH, marginW, marginH = 560.0, 380.0, 60.0, 60.0
		if dy/dx > plotH/plotW {
			w = vg.Points(math.Max(plotH*dx/dy, 240) + marginW)
		} else {
			h = vg.Points(math.Max(plotW*dy/dx, 200) + marginH)
		}
	}
	return svg(p, w, h, "Map of homes and sites")
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
