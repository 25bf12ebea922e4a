/* SPDX-License-Identifier: GPL-2.0 */
/* The subcommands of numabench, one file each; main.c dispatches. */
#ifndef UBENCH_COMMANDS_H
#define UBENCH_COMMANDS_H

int cmd_list(int argc, char **argv);		/* cmd_list.c */
int cmd_topology(int argc, char **argv);	/* cmd_topology.c */
int cmd_run(int argc, char **argv);		/* cmd_run.c */
int cmd_guest(int argc, char **argv);		/* cmd_guest.c */
int cmd_report(int argc, char **argv);		/* cmd_report.c */
int cmd_compare(int argc, char **argv);		/* cmd_compare.c */
int cmd_regress(int argc, char **argv);		/* cmd_regress.c */
int cmd_timer(int argc, char **argv);		/* cmd_timer.c */

#endif
