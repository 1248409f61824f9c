package model

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"testing/fstest"
)

// FuzzLoad loads the valid folder with one file's bytes replaced by the
// fuzz input; Load must never panic, and must return either a Region or
// an error.
func FuzzLoad(f *testing.F) {
	dir := "testdata/valid"
	valid := readFolder(f, dir, func(b []byte) []byte { return b })
	names := make([]string, 0, len(valid))
	for name := range valid {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		f.Add(uint8(i), valid[name].Data)
		if broken, err := filepath.Glob(filepath.Join("testdata/broken/*", name)); err == nil {
			for _, b := range broken {
				if data, err := os.ReadFile(b); err == nil {
					f.Add(uint8(i), data)
				}
			}
		}
	}
	f.Add(uint8(0), []byte("\ufeffid,id\r\n\"a\r\n"))
	f.Add(uint8(3), []byte(""))
	f.Add(uint8(4), []byte("\xff\xfei\x00d\x00,\x00"))                   // UTF-16
	f.Add(uint8(5), []byte("id;name;town\n"))                            // ';'-separated
	f.Add(uint8(6), []byte("service_user,kind\nLR001,appointment\n,\n")) // an empty row
	f.Add(uint8(7), []byte("id,team\n\"LR0\x9a01,west\n"))               // a stray quote, Windows-1252
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fsys := fstest.MapFS{}
		for name, file := range valid {
			fsys[name] = file
		}
		fsys[names[int(which)%len(names)]] = &fstest.MapFile{Data: data}
		r, err := Load(fsys)
		if (r == nil) == (err == nil) {
			t.Fatalf("Load = %v, %v: want exactly one nil", r, err)
		}
		if r != nil {
			_ = r.Summary().String()
			for u := range r.ServiceUsers {
				_ = r.Points(u)
			}
			for p := range r.Practitioners {
				_ = r.AvailablePoints(p)
			}
		}
	})
}
