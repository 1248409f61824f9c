package solver

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// laneBytesPerPerson is the memory one lane needs per person of the
// largest part it may plan: the part's model, its class relaxation and the
// solver's copy. Measured at 25,000 generated cases (the largest part
// 10,337 people): 1.6 GiB over the planning process and one worker, about
// 80 KB a person of the largest part in each. A local setting from that
// measurement, not a sourced figure.
const laneBytesPerPerson = 80 << 10

// memLanes caps the number of lanes (want) so that one lane per part of
// the largest size fits in avail bytes of free memory; at least one lane
// always runs. avail 0 (unknown) leaves want as it is.
func memLanes(parts []Part, want int, avail uint64) int {
	if avail == 0 || want <= 1 {
		return max(want, 1)
	}
	largest := 0
	for _, pt := range parts {
		largest = max(largest, pt.size())
	}
	need := uint64(largest) * laneBytesPerPerson
	if need == 0 {
		return want
	}
	return int(max(1, min(uint64(want), avail/need)))
}

// memAvailable is MemAvailable of /proc/meminfo in bytes, or 0 when it
// cannot be read (another system: no cap).
func memAvailable() uint64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return parseMemAvailable(data)
}

func parseMemAvailable(data []byte) uint64 {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) >= 2 && string(f[0]) == "MemAvailable:" {
			kb, err := strconv.ParseUint(string(f[1]), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
