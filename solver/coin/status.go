//go:build cgo

package coin

// Cbc's and Clp's status codes, as the headers document them. The shim
// passes them through unchanged in rota_result.status and .secondary;
// mipStatus and lpStatus map them to mip.Status.

// CbcModel::status() (CbcModel.hpp).
const (
	cbcNotRun    = -1 // before branch and bound: the driver settled the problem, or never reached it
	cbcFinished  = 0  // finished: optimal (or within the gap), or infeasible
	cbcStopped   = 1  // stopped on a limit: nodes, solutions or time
	cbcAbandoned = 2  // difficulties, abandoned
	cbcUserEvent = 5  // stopped by the event handler
)

// CbcModel::secondaryStatus() (CbcModel.hpp).
const (
	cbcCompleted            = 0 // search completed with a solution
	cbcRelaxationInfeasible = 1 // linear relaxation infeasible, or worse than the cutoff
	cbcStoppedOnGap         = 2
	cbcStoppedOnNodes       = 3
	cbcStoppedOnTime        = 4
	cbcStoppedOnUserEvent   = 5
	cbcStoppedOnSolutions   = 6
	cbcRelaxationUnbounded  = 7
	cbcStoppedOnIterations  = 8
)

// ClpModel::problemStatus() (ClpModel.hpp).
const (
	clpOptimal          = 0
	clpPrimalInfeasible = 1
	clpDualInfeasible   = 2 // unbounded
	clpStoppedOnLimit   = 3 // iterations or time
	clpStoppedOnErrors  = 4
	clpStoppedByEvent   = 5 // the event handler: a cancel or the shim's time limit
)
