package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Every chart is a gonum/plot plot drawn by vgsvg and put inline in the
// page; fonts are named, not embedded, so the page stays small and makes
// no request.

var (
	colourA    = color.RGBA{R: 0x1f, G: 0x5f, B: 0x99, A: 0xff} // baseline, planned
	colourB    = color.RGBA{R: 0xd9, G: 0x7a, B: 0x1a, A: 0xff} // scenario, after
	colourGrey = color.RGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff}
	colourRed  = color.RGBA{R: 0xc0, G: 0x1c, B: 0x28, A: 0xff}
)

// svg draws p at w × h and returns the inline <svg> element, labelled for
// screen readers.
func svg(p *plot.Plot, w, h vg.Length, label string) (template.HTML, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(false))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("report: chart %q: %w", label, err)
	}
	s := buf.String()
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	s = strings.Replace(s, "<svg ", `<svg class="chart" role="img" aria-label="`+template.HTMLEscapeString(label)+`" `, 1)
	return template.HTML(s), nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Title.TextStyle.Font.Size = vg.Points(11)
	return p
}

// barChart is one bar per label, horizontal when there are many or long
// labels.
func barChart(title, axis string, labels []string, values []float64, horizontal bool) (template.HTML, error) {
	if len(values) == 0 {
		return "", nil
	}
	p := newPlot(title, "", axis)
	bars, err := plotter.NewBarChart(plotter.Values(values), vg.Points(barWidth(len(values), horizontal)))
	if err != nil {
		return "", fmt.Errorf("report: chart %q: %w", title, err)
	}
	bars.Color = colourA
	bars.LineStyle.Width = 0
	bars.Horizontal = horizontal
	p.Add(bars)
	h := vg.Points(220)
	if horizontal {
		p.X.Label.Text, p.Y.Label.Text = axis, ""
		p.NominalY(labels...)
		h = vg.Points(float64(60 + 20*len(values)))
	} else {
		p.NominalX(labels...)
	}
	return svg(p, vg.Points(560), h, title)
}

// pairedBars draws two bars per label (before and after).
func pairedBars(title, axis string, labels []string, a, b []float64, nameA, nameB string, horizontal bool) (template.HTML, error) {
	if len(a) == 0 {
		return "", nil
	}
	p, height, err := pairedPlot(title, axis, labels, a, b, nameA, nameB, horizontal, vg.Points(7))
	if err != nil {
		return "", err
	}
	return svg(p, vg.Points(560), height, title)
}

// pairedPlot is pairedBars' plot, its bars w wide, and its height.
func pairedPlot(title, axis string, labels []string, a, b []float64, nameA, nameB string, horizontal bool, w vg.Length) (*plot.Plot, vg.Length, error) {
	p := newPlot(title, "", axis)
	ba, err := plotter.NewBarChart(plotter.Values(a), w)
	if err != nil {
		return nil, 0, fmt.Errorf("report: chart %q: %w", title, err)
	}
	bb, err := plotter.NewBarChart(plotter.Values(b), w)
	if err != nil {
		return nil, 0, fmt.Errorf("report: chart %q: %w", title, err)
	}
	ba.Color, bb.Color = colourGrey, colourA
	ba.LineStyle.Width, bb.LineStyle.Width = 0, 0
	ba.Offset, bb.Offset = -w/2, w/2
	ba.Horizontal, bb.Horizontal = horizontal, horizontal
	p.Add(ba, bb)
	p.Legend.Add(nameA, ba)
	p.Legend.Add(nameB, bb)
	p.Legend.Top = true
	height := vg.Points(240)
	if horizontal {
		p.X.Label.Text, p.Y.Label.Text = axis, ""
		p.NominalY(labels...)
		height = vg.Points(float64(70 + 16*len(a)))
	} else {
		p.NominalX(labels...)
	}
	return p, height, nil
}

// histogram counts values into the bins dividers bound (stat.Histogram)
// and draws them. Values outside the dividers fall into the first or last
// bin.
func histogram(title, axis string, values, dividers []float64) (template.HTML, error) {
	if len(values) == 0 || len(dividers) < 2 {
		return "", nil
	}
	xs := make([]float64, len(values))
	lo, hi := dividers[0], dividers[len(dividers)-1]
	for i, v := range values {
		xs[i] = math.Min(math.Max(v, lo), math.Nextafter(hi, lo))
	}
	sort.Float64s(xs)
	counts := stat.Histogram(nil, dividers, xs, nil)
	h := &plotter.Histogram{FillColor: colourA, LineStyle: plotter.DefaultLineStyle}
	h.LineStyle.Color = color.White
	for i, n := range counts {
		h.Bins = append(h.Bins, plotter.HistogramBin{Min: dividers[i], Max: dividers[i+1], Weight: n})
	}
	h.Width = dividers[1] - dividers[0]
	p := newPlot(title, axis, "count")
	p.Add(h)
	return svg(p, vg.Points(560), vg.Points(240), title)
}

// quantiles are the 50th, 90th and 100th percentiles of values
// (stat.Quantile, empirical), for "median 1.2 km, 90% within 3.4 km".
func quantiles(values []float64) (median, p90, top float64) {
	if len(values) == 0 {
		return 0, 0, 0
	}
	xs := append([]float64(nil), values...)
	sort.Float64s(xs)
	return stat.Quantile(0.5, stat.Empirical, xs, nil), stat.Quantile(0.9, stat.Empirical, xs, nil), xs[len(xs)-1]
}

// barWidth gives bars a width that suits their number.
func barWidth(n int, horizontal bool) float64 {
	if horizontal {
		return 14
	}
	return min(60, 400/float64(max(n, 1)))
}
