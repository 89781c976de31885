#!/usr/bin/env Rscript
# sgp_bench.R - the R side of bench/bench_sgp.sh: Student Growth Percentiles
# of a cohort the way the SGP package computes them (see
# tests/fixtures/sgp/make_fixture.R), with quantreg::rq(method = "fn").
#   Rscript bench/sgp_bench.R IN.csv OUT.csv [METHOD]
# IN.csv: id,cur,p1,p2 (p2 may be empty). Fits the order-1 model (every
# student) and the order-2 model (students with both priors), as attain
# does, and reports each student's highest order. Prints "seconds S" for
# the computation alone (after reading the CSV) and "rq_seconds S" for the
# rq() calls alone; writes id,sgp,order.
suppressPackageStartupMessages({
	library(quantreg)
	library(splines)
})
args <- commandArgs(trailingOnly = TRUE)
method <- if (length(args) >= 3) args[3] else "fn"
d <- read.csv(args[1])

t0 <- proc.time()[["elapsed"]]
rq_time <- 0
kb <- function(x) {
	x <- x[!is.na(x)]
	list(knots = round(as.vector(quantile(x, c(0.2, 0.4, 0.6, 0.8))), 3),
	     bnd = round(extendrange(x, f = 0.1), 3))
}
sgp_of <- function(pred, score) {
	pred <- round(t(apply(pred, 1, sort)), 5)
	s <- rowSums(pred < score)
	s[s == 0] <- 1
	s[s == 100] <- 99
	as.integer(s)
}
taus <- (1:100 - 0.5) / 100
k1 <- kb(d$p1)
k2 <- kb(d$p2)
sgp <- rep(NA_integer_, nrow(d))
ord <- rep(0L, nrow(d))

B1 <- bs(d$p1, knots = k1$knots, Boundary.knots = k1$bnd)
t1 <- proc.time()[["elapsed"]]
f1 <- rq(d$cur ~ B1, tau = taus, method = method)
rq_time <- rq_time + proc.time()[["elapsed"]] - t1
has2 <- !is.na(d$p2)
one <- !has2
sgp[one] <- sgp_of((cbind(1, B1) %*% f1$coefficients)[one, , drop = FALSE],
		   d$cur[one])
ord[one] <- 1L

c2 <- d[has2, ]
B21 <- bs(c2$p1, knots = k1$knots, Boundary.knots = k1$bnd)
B22 <- bs(c2$p2, knots = k2$knots, Boundary.knots = k2$bnd)
t1 <- proc.time()[["elapsed"]]
f2 <- rq(c2$cur ~ B21 + B22, tau = taus, method = method)
rq_time <- rq_time + proc.time()[["elapsed"]] - t1
sgp[has2] <- sgp_of(cbind(1, B21, B22) %*% f2$coefficients, c2$cur)
ord[has2] <- 2L
elapsed <- proc.time()[["elapsed"]] - t0

cat(sprintf("seconds %.3f rq_seconds %.3f n %d order2 %d\n", elapsed,
	    rq_time, nrow(d), sum(has2)))
write.csv(data.frame(id = d$id, sgp = sgp, order = ord), args[2],
	  row.names = FALSE, quote = FALSE)
