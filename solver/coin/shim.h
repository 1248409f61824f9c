//go:build cgo

// C interface of the C++ shim around Cbc and Clp (shim.cpp). Only coin.go
// includes it. No C++ exception crosses it: every entry point catches them
// and reports them in rota_result.err.

#ifndef ROTA_COIN_SHIM_H
#define ROTA_COIN_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

// One solve's problem. Arrays belong to the caller and are read during the
// call only. start has ncols+1 entries (CoinBigIndex is int in this build).
typedef struct {
	int ncols, nrows;
	const int *start, *index;
	const double *value;
	const double *collb, *colub, *obj;
	const double *rowlb, *rowub;
	const char *isint;      // ncols flags, 0 or 1
	const char *names;      // ncols column names then nrows row names, NUL-terminated, back to back
	const double *mipstart; // ncols values, or NULL
} rota_problem;

typedef struct {
	double time_limit; // seconds of wall time, <= 0 none: Clp checks it at each iteration; Cbc never sees it (the Go side cancels)
	int max_iterations; // LP only: simplex iteration limit; <= 0 means none
	double gap;        // relative gap; <= 0 means the solver default
	int threads;       // > 1 for parallel search
	int seed;          // 0 means the solver default
	int log_level;     // 0 silent
	int log_fd;        // solver output goes here (the solve closes it); -1: /dev/null
	const char *extra; // further driver arguments, NUL-separated, ending in an empty one; or NULL
} rota_params;

// Results are written into caller-owned arrays: x (ncols), and for LPs
// duals (nrows) and rc (ncols).
typedef struct {
	double *x, *duals, *rc;
	int status, secondary;  // solver codes: CbcModel status()/secondaryStatus(), or ClpSimplex problemStatus()/secondaryStatus()
	int proven_optimal, proven_infeasible, continuous_unbounded, abandoned, seconds_limit;
	int has_solution;
	int has_duals; // LP only: duals and reduced costs written, also when stopped on a limit
	int stopped_by_cancel, stopped_by_time;
	int foreign_handlers; // times the solver replaced a signal handler, which the shim then put back
	double obj, bound;
	int nodes, iterations;
	char err[512];
} rota_result;

typedef struct {
	double obj, bound, secs;
} rota_progress;

// Shared between a solve and the Go goroutine watching it.
typedef struct rota_ctl rota_ctl;

// Solver events a test can watch (rota_ctl_report_events), each reported
// to the Go function rotaEvent at most once per solve, on the solver's
// thread and while the solver waits.
enum {
	ROTA_EVENT_LP_ITERATION = 1, // Clp finished an iteration (in SolveLP, or in Cbc's LPs)
	ROTA_EVENT_CBC_STARTED = 2,  // Cbc's driver began: before the first LP and preprocessing
	ROTA_EVENT_CBC_SEARCH = 3,   // branch and bound began (after preprocessing)
	ROTA_EVENT_CBC_SOLUTION = 4, // the search found its first incumbent
	ROTA_EVENT_CBC_NODE = 5,     // the search finished its first node
};

rota_ctl *rota_ctl_new(void);
void rota_ctl_free(rota_ctl *c);
void rota_ctl_cancel(rota_ctl *c);
void rota_ctl_report_events(rota_ctl *c);
int rota_ctl_take_progress(rota_ctl *c, rota_progress *out, int cap);

int rota_cbc_solve(const rota_problem *p, const rota_params *par, rota_ctl *c, rota_result *r);
int rota_clp_solve(const rota_problem *p, const rota_params *par, rota_ctl *c, rota_result *r);

#ifdef __cplusplus
}
#endif

#endif
