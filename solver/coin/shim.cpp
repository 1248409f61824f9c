//go:build cgo

// C++ shim between Go and COIN-OR Cbc 2.10 / Clp 1.17. It runs the standard
// Cbc driver (CbcMain0 and the five-argument CbcMain1, which installs no
// signal handler) with a CbcEventHandler that queues improved incumbents and
// stops the search when Go raises the cancel flag; Go drains the queue while
// the solve runs. The solver's output goes to a pipe Go copies to the
// caller's log, or to /dev/null (see OutputTo). The process's handlers for
// SIGINT, SIGTERM and SIGHUP stay the program's throughout (see
// SignalKeeper). See COIN-NOTES.md in the project notes for the measured
// behaviour this relies on.

#include "shim.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include "CbcEventHandler.hpp"
#include "CbcModel.hpp"
#include "CbcSolver.hpp"
#include "ClpEventHandler.hpp"
#include "ClpSimplex.hpp"
#include "ClpSolve.hpp"
#include "CoinError.hpp"
#include "CoinMessageHandler.hpp"
#include "CoinTime.hpp"
#include "OsiClpSolverInterface.hpp"

// Exported by package coin (events.go): a test's hook for solver events.
extern "C" void rotaEvent(int event);

// The signals a Go program takes through os/signal and COIN-OR may take
// from it. Clp's initialSolve installs a SIGINT handler of its own unless
// told not to (ClpSolve special option 2): Ctrl-C then only stops that LP
// ("Clp0003I Stopped") and the program never hears of it.
static const int keptSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int numKept = sizeof keptSignals / sizeof keptSignals[0];

struct rota_ctl {
	std::atomic<int> cancel{0};
	std::atomic<int> time_hit{0};
	std::atomic<int> foreign{0};      // handlers the solver installed and the shim put back
	std::atomic<double> checked{0};   // wall clock of the last check of the handlers
	struct sigaction handlers[numKept]; // the program's, at the start of the solve
	int report = 0;                   // call rotaEvent (a test watches)
	std::atomic<unsigned> reported{0}; // events already reported
	double t0 = 0;          // wall clock at the start of the solve
	double time_limit = 0;  // seconds, LP only: stops it, nothing else reads it (Cbc gets none: see cbcSolve)

	std::mutex mu;          // guards everything below
	std::vector<rota_progress> progress;
	double best = COIN_DBL_MAX; // best incumbent reported, minimisation sense
	CbcModel *root = nullptr;   // Cbc's working model while branch and bound runs
};

static double wall() { return CoinGetTimeOfDay(); }

// ---- signals ----------------------------------------------------------------

// saveSignals records the program's handlers before a solve.
static void saveSignals(rota_ctl *c)
{
	for (int i = 0; i < numKept; i++)
		sigaction(keptSignals[i], nullptr, &c->handlers[i]);
	c->checked.store(wall());
}

// keepSignals puts back any handler the solver installed in place of the
// program's, and counts it. Solver events call it (at most every few
// milliseconds unless forced), so a handler installed behind the shim's
// back lives for one LP iteration at most.
static void keepSignals(rota_ctl *c, bool force = false)
{
	double now = wall();
	if (!force && now - c->checked.load() < 0.002)
		return;
	c->checked.store(now);
	for (int i = 0; i < numKept; i++) {
		struct sigaction cur;
		if (sigaction(keptSignals[i], nullptr, &cur) != 0)
			continue;
		if ((void *)cur.sa_handler != (void *)c->handlers[i].sa_handler) {
			sigaction(keptSignals[i], &c->handlers[i], nullptr);
			c->foreign.fetch_add(1);
		}
	}
}

// report tells a watching test of an event, once per solve and kind.
static void report(rota_ctl *c, int event)
{
	if (!c->report)
		return;
	unsigned bit = 1u << event;
	if (c->reported.fetch_or(bit) & bit)
		return;
	rotaEvent(event);
}

// Cbc's driver takes a callback without user data: the solve in progress is
// recorded here. Solves are serialised by the Go side.
static rota_ctl *g_active = nullptr;

// ---- output ---------------------------------------------------------------

// OutputTo points C's stdout, which every COIN-OR message handler and printf
// in Cbc and Clp write to, at fd (or /dev/null when fd < 0) for its lifetime.
// File descriptor 1 and so Go's os.Stdout are untouched. Message handlers
// must be created while it is in force: they capture stdout when built.
// (A handler of our own passed in to the models does not work: Cbc's
// sub-searches share it and set its log level to 0 for good.)
class OutputTo {
public:
	explicit OutputTo(int fd)
	{
		std::fflush(stdout);
		saved_ = stdout;
		f_ = fd >= 0 ? fdopen(fd, "w") : std::fopen("/dev/null", "w");
		if (!f_) {
			if (fd >= 0)
				close(fd);
			return;
		}
		std::setvbuf(f_, nullptr, _IOLBF, 0);
		stdout = f_;
	}
	~OutputTo()
	{
		if (!f_)
			return;
		std::fflush(f_);
		stdout = saved_;
		std::fclose(f_);
	}
	OutputTo(const OutputTo &) = delete;
	OutputTo &operator=(const OutputTo &) = delete;

private:
	FILE *saved_ = nullptr;
	FILE *f_ = nullptr;
};

// ---- Cbc events -------------------------------------------------------------

static void stopModel(rota_ctl *c, CbcModel *m)
{
	// A stop action alone is ignored while the root node is processed; a
	// zero time limit is checked there too.
	if (m)
		m->setMaximumSeconds(0);
	std::lock_guard<std::mutex> lk(c->mu);
	if (c->root)
		c->root->setMaximumSeconds(0);
}

class RotaEvents : public CbcEventHandler {
public:
	explicit RotaEvents(rota_ctl *c) : CbcEventHandler(), ctl_(c) {}
	RotaEvents(const RotaEvents &o) : CbcEventHandler(o), ctl_(o.ctl_) {}
	RotaEvents &operator=(const RotaEvents &o)
	{
		CbcEventHandler::operator=(o);
		ctl_ = o.ctl_;
		return *this;
	}
	CbcEventHandler *clone() const override { return new RotaEvents(*this); }

	CbcAction event(CbcEvent e) override
	{
		CbcModel *m = const_cast<CbcModel *>(getModel());
		if (!m || !ctl_)
			return noAction;
		keepSignals(ctl_);
		if (ctl_->cancel.load()) {
			stopModel(ctl_, m);
			return stop;
		}
		// Sub-searches (mini branch and bound in heuristics) have a parent
		// model or special option 2048 and work on other columns.
		if (m->parentModel() || (m->specialOptions() & 2048) != 0)
			return noAction;
		if (e == node)
			report(ctl_, ROTA_EVENT_CBC_NODE);
		if (e == solution || e == heuristicSolution) {
			report(ctl_, ROTA_EVENT_CBC_SOLUTION);
			double obj = m->getMinimizationObjValue();
			double bound = m->getBestPossibleObjValue();
			std::lock_guard<std::mutex> lk(ctl_->mu);
			if (obj < ctl_->best - 1e-9 * (1 + std::fabs(obj))) {
				ctl_->best = obj;
				rota_progress p = {obj, bound, wall() - ctl_->t0};
				ctl_->progress.push_back(p);
			}
		}
		return noAction;
	}

private:
	rota_ctl *ctl_;
};

// Called by CbcMain1 at stages of the solve (3: before branch and bound, 4:
// after). It must return 0: anything else makes Cbc drop the incumbent.
static int driverCallback(CbcModel *m, int whereFrom)
{
	rota_ctl *c = g_active;
	if (!c || !m)
		return 0;
	keepSignals(c, true);
	if (whereFrom == 3)
		report(c, ROTA_EVENT_CBC_SEARCH);
	{
		std::lock_guard<std::mutex> lk(c->mu);
		if (whereFrom == 3)
			c->root = m;
		else if (whereFrom >= 4)
			c->root = nullptr;
	}
	if (c->cancel.load() && whereFrom < 4)
		m->setMaximumSeconds(0);
	return 0;
}

// ---- control block ----------------------------------------------------------

extern "C" rota_ctl *rota_ctl_new(void)
{
	try {
		return new rota_ctl;
	} catch (...) {
		return nullptr;
	}
}

extern "C" void rota_ctl_free(rota_ctl *c) { delete c; }

extern "C" void rota_ctl_report_events(rota_ctl *c) { c->report = 1; }

extern "C" void rota_ctl_cancel(rota_ctl *c)
{
	c->cancel.store(1);
	std::lock_guard<std::mutex> lk(c->mu);
	if (c->root)
		c->root->setMaximumSeconds(0);
}

extern "C" int rota_ctl_take_progress(rota_ctl *c, rota_progress *out, int cap)
{
	std::lock_guard<std::mutex> lk(c->mu);
	int n = (int)c->progress.size();
	if (n > cap)
		n = cap;
	if (n > 0) {
		std::memcpy(out, c->progress.data(), n * sizeof(rota_progress));
		c->progress.erase(c->progress.begin(), c->progress.begin() + n);
	}
	return n;
}

// ---- helpers -----------------------------------------------------------------

static void setError(rota_result *r, const char *what, const std::string &msg)
{
	std::snprintf(r->err, sizeof r->err, "%s: %s", what, msg.c_str());
}

// splitNames returns the column names followed by the row names.
static std::vector<const char *> splitNames(const rota_problem *p)
{
	std::vector<const char *> names(p->ncols + p->nrows);
	const char *s = p->names;
	for (auto &n : names) {
		n = s;
		s += std::strlen(s) + 1;
	}
	return names;
}

// releaseMemory hands the memory a large solve freed back to the system.
// glibc keeps freed blocks for reuse, and with solves running on whichever
// thread Go picks, in several arenas: planning 25,000 cases peaked at
// 2.2-2.3 GiB of resident memory with a live Go heap of 0.65 GiB, and 1.4-
// 1.6 GiB with this. Small solves skip the trim, which walks the heap.
static void releaseMemory(const rota_problem *p)
{
	static std::once_flag once;
	std::call_once(once, [] { mallopt(M_ARENA_MAX, 2); });
	if (p->ncols + p->nrows >= 50000)
		malloc_trim(0);
}

// ---- Clp events -----------------------------------------------------------------

// RotaClpEvents watches Clp's iterations: it keeps the program's signal
// handlers, reports the first iteration to a watching test and, when it
// stops (SolveLP's own Clp), stops on a cancel or the time limit. In Cbc's
// LPs it never stops them: Cbc would read a stopped LP as infeasible.
class RotaClpEvents : public ClpEventHandler {
public:
	RotaClpEvents(rota_ctl *c, bool stops) : ClpEventHandler(), ctl_(c), stops_(stops) {}
	RotaClpEvents(const RotaClpEvents &o) : ClpEventHandler(o), ctl_(o.ctl_), stops_(o.stops_) {}
	ClpEventHandler *clone() const override { return new RotaClpEvents(*this); }
	int event(Event e) override
	{
		if (e != endOfIteration && e != endOfFactorization)
			return -1;
		keepSignals(ctl_);
		report(ctl_, ROTA_EVENT_LP_ITERATION);
		if (!stops_)
			return -1;
		if (ctl_->cancel.load())
			return 5;
		if (ctl_->time_limit > 0 && wall() - ctl_->t0 > ctl_->time_limit) {
			ctl_->time_hit.store(1);
			return 5;
		}
		return -1; // carry on
	}

private:
	rota_ctl *ctl_;
	bool stops_;
};

// ---- Cbc ----------------------------------------------------------------------

static void cbcSolve(const rota_problem *p, const rota_params *par, rota_ctl *c, rota_result *r)
{
	OutputTo out(par->log_fd);
	OsiClpSolverInterface proto;
	proto.messageHandler()->setLogLevel(par->log_level);
	proto.getModelPtr()->setLogLevel(par->log_level);
	RotaClpEvents lpEvents(c, false);
	proto.getModelPtr()->passInEventHandler(&lpEvents);
	// Cbc's initial LP runs Clp's initialSolve with these options: no
	// SIGINT handler of Clp's (see keptSignals).
	ClpSolve lpOptions;
	lpOptions.setSpecialOption(2, 1);
	proto.setSolveOptions(lpOptions);
	CbcModel model(proto);
	model.setLogLevel(par->log_level);

	CbcSolverUsefulData data;
	CbcMain0(model, data);
	data.noPrinting_ = par->log_level == 0;
	data.useSignalHandler_ = false;

	OsiSolverInterface *solver = model.solver();
	solver->messageHandler()->setLogLevel(par->log_level);
	solver->loadProblem(p->ncols, p->nrows, p->start, p->index, p->value,
		p->collb, p->colub, p->obj, p->rowlb, p->rowub);
	std::vector<const char *> names = splitNames(p);
	// Names for rows as well as columns: with column names alone, Clp's
	// presolve during Cbc's post-processing reads past the row names and
	// crashes (seen with a model that Cbc's preprocessing empties).
	for (int j = 0; j < p->ncols; j++) {
		solver->setColName(j, names[j]);
		if (p->isint[j])
			solver->setInteger(j);
	}
	for (int i = 0; i < p->nrows; i++)
		solver->setRowName(i, names[p->ncols + i]);
	if (p->mipstart)
		model.setMIPStart(p->ncols, names.data(), p->mipstart);

	RotaEvents events(c);
	model.passInEventHandler(&events);

	std::vector<std::string> args = {"rota", "-log", std::to_string(par->log_level), "-timeMode", "elapsed"};
	char buf[64];
	// No -sec: Cbc's heuristics and cut loops read the seconds limit, so a
	// limit would make the search depend on the clock. The Go side stops a
	// solve at its time limit as it does on a cancel.
	if (par->gap > 0) {
		std::snprintf(buf, sizeof buf, "%.17g", par->gap);
		args.insert(args.end(), {"-ratio", buf});
	}
	if (par->threads > 1)
		args.insert(args.end(), {"-threads", std::to_string(par->threads)});
	if (par->seed != 0) {
		args.insert(args.end(), {"-randomSeed", std::to_string(par->seed)});
		args.insert(args.end(), {"-randomCbcSeed", std::to_string(par->seed)});
	}
	for (const char *a = par->extra; a != nullptr && *a != '\0'; a += std::strlen(a) + 1)
		args.push_back(a);
	args.insert(args.end(), {"-solve", "-quit"});
	std::vector<const char *> argv;
	for (const std::string &a : args)
		argv.push_back(a.c_str());

	g_active = c;
	if (c->cancel.load())
		model.setMaximumSeconds(0);
	report(c, ROTA_EVENT_CBC_STARTED);
	try {
		CbcMain1((int)argv.size(), argv.data(), model, driverCallback, data);
	} catch (...) {
		g_active = nullptr;
		throw;
	}
	g_active = nullptr;
	{
		std::lock_guard<std::mutex> lk(c->mu);
		c->root = nullptr;
	}

	r->status = model.status();
	r->secondary = model.secondaryStatus();
	r->proven_optimal = model.isProvenOptimal();
	r->proven_infeasible = model.isProvenInfeasible();
	r->continuous_unbounded = model.isContinuousUnbounded();
	r->abandoned = model.isAbandoned();
	r->seconds_limit = model.isSecondsLimitReached();
	r->stopped_by_cancel = c->cancel.load();
	r->bound = model.getBestPossibleObjValue();
	r->nodes = model.getNodeCount();
	r->iterations = model.getIterationCount();
	const double *best = model.bestSolution();
	if (best && model.solver()->getNumCols() == p->ncols) {
		std::memcpy(r->x, best, p->ncols * sizeof(double));
		r->has_solution = 1;
		r->obj = model.getObjValue();
	}
}

extern "C" int rota_cbc_solve(const rota_problem *p, const rota_params *par, rota_ctl *c, rota_result *r)
{
	int rc = 0;
	c->t0 = wall();
	saveSignals(c);
	try {
		cbcSolve(p, par, c, r);
	} catch (CoinError &e) {
		setError(r, "cbc", e.className() + "::" + e.methodName() + ": " + e.message());
		rc = 1;
	} catch (std::exception &e) {
		setError(r, "cbc", e.what());
		rc = 1;
	} catch (...) {
		setError(r, "cbc", "unknown C++ exception");
		rc = 1;
	}
	keepSignals(c, true);
	r->foreign_handlers = c->foreign.load();
	std::fflush(stdout);
	releaseMemory(p);
	return rc;
}

// ---- Clp ------------------------------------------------------------------------

static void clpSolve(const rota_problem *p, const rota_params *par, rota_ctl *c, rota_result *r)
{
	OutputTo out(par->log_fd);
	c->time_limit = par->time_limit;
	ClpSimplex model;
	model.setLogLevel(par->log_level);
	model.loadProblem(p->ncols, p->nrows, p->start, p->index, p->value,
		p->collb, p->colub, p->obj, p->rowlb, p->rowub);
	if (par->seed != 0)
		model.setRandomSeed(par->seed);
	if (par->max_iterations > 0)
		model.setMaximumIterations(par->max_iterations);
	RotaClpEvents events(c, true);
	model.passInEventHandler(&events);
	// Dual simplex without presolve: on the weekly model (50,000 rows,
	// 35,000 columns) presolve and its clean-up afterwards more than double
	// the time (4.3 s without against 9.9 s with, same machine and load).
	// Perturbation on and automatic scaling, as the clp program sets them:
	// on the 197,022-row class relaxation of 25,000 generated cases the
	// dual took 1.7 s with both and 31 s without.
	model.setPerturbation(50);
	model.scaling(4);
	ClpSolve how;
	how.setSolveType(ClpSolve::useDual);
	how.setPresolveType(ClpSolve::presolveOff);
	how.setSpecialOption(2, 1); // no SIGINT handler of Clp's (see keptSignals)
	model.initialSolve(how);

	r->status = model.problemStatus();
	r->secondary = model.secondaryStatus();
	r->iterations = model.numberIterations();
	r->stopped_by_cancel = c->cancel.load();
	r->stopped_by_time = c->time_hit.load();
	r->proven_optimal = model.isProvenOptimal();
	r->proven_infeasible = model.isProvenPrimalInfeasible();
	r->continuous_unbounded = model.isProvenDualInfeasible();
	r->abandoned = model.isAbandoned();
	if (r->status == 0 || r->status == 3 || r->status == 5) {
		// Stopped on a limit (3) or a cancel (5), the duals are the dual simplex's last
		// iterate: the Go side makes a valid bound of them (Lagrangian).
		std::memcpy(r->x, model.primalColumnSolution(), p->ncols * sizeof(double));
		std::memcpy(r->rc, model.dualColumnSolution(), p->ncols * sizeof(double));
		if (p->nrows > 0)
			std::memcpy(r->duals, model.dualRowSolution(), p->nrows * sizeof(double));
		r->has_duals = 1;
	}
	if (r->status == 0) {
		r->obj = model.objectiveValue();
		r->bound = r->obj;
		r->has_solution = 1;
	}
}

extern "C" int rota_clp_solve(const rota_problem *p, const rota_params *par, rota_ctl *c, rota_result *r)
{
	int rc = 0;
	c->t0 = wall();
	saveSignals(c);
	try {
		clpSolve(p, par, c, r);
	} catch (CoinError &e) {
		setError(r, "clp", e.className() + "::" + e.methodName() + ": " + e.message());
		rc = 1;
	} catch (std::exception &e) {
		setError(r, "clp", e.what());
		rc = 1;
	} catch (...) {
		setError(r, "clp", "unknown C++ exception");
		rc = 1;
	}
	keepSignals(c, true);
	r->foreign_handlers = c->foreign.load();
	std::fflush(stdout);
	releaseMemory(p);
	return rc;
}
