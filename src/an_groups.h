/*
 * an_groups.h - instructional groups: within a class, students grouped by
 * their learning-outcome mastery profiles, each group described by its
 * weakest outcomes, so a teacher can plan who to reteach what.
 *
 * Method: k-means (Lloyd 1982, "Least squares quantization in PCM", IEEE
 * Trans. Inf. Theory 28:129-137) on the n x m matrix of mastery shares
 * (0..1, one column per learning outcome), squared Euclidean distance.
 * Missing mastery (NaN) is replaced by the class mean of that outcome
 * (0.5 when nobody has it). Deterministic initialisation by the
 * farthest-point rule (Gonzalez 1985, Theoretical Computer Science
 * 38:293-306): the first centre is the student with the lowest mean
 * mastery, each next centre the student farthest from the centres chosen
 * so far; ties go to the lower index. Lloyd iterations run until no
 * student changes group (at most 100); an emptied group is re-seeded with
 * the student farthest from its centre. Groups are numbered by their
 * centre's mean mastery, lowest first (group 0 needs the most support).
 * k: groups_choose_k gives 4 for classes of 20 or more, 3 below, never
 * more than n.
 *
 * Pure functions over caller arrays; no globals, no I/O; scratch memory is
 * freed before return.
 */
#ifndef ATTAIN_AN_GROUPS_H
#define ATTAIN_AN_GROUPS_H

/* 4 when n >= 20, else min(3, n). */
int groups_choose_k(int n);

/*
 * Group n students with m outcome masteries each (mastery row-major n x m,
 * NaN missing) into k groups. assign: n entries (0 .. k-1); centre: k x m
 * (group means after imputation). Returns the number of Lloyd iterations,
 * or -1 when n < 1, m < 1 or k not in 1..n (outputs untouched).
 */
int groups_kmeans(const double *mastery, int n, int m, int k, int *assign,
                  double *centre);

/*
 * The w weakest outcomes of one group: the indices of its w lowest centre
 * values, lowest first (ties: lower index). centre_row: m values. out: w
 * entries (w <= m). Returns the number written (min(w, m)).
 */
int groups_weakest(const double *centre_row, int m, int w, int *out);

#endif
