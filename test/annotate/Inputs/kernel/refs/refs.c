// SPDX-License-Identifier: GPL-2.0-only
/* Calls, data reads and header inlines (RCU, sockets, skbs, pages, a static key) of real kernel headers. */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/mm.h>
#include <net/sock.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/seq_file.h>
#include <linux/jump_label.h>

int refs_fn(struct sock *sk, struct sk_buff *skb, struct file *f, struct seq_file *m)
{
	struct task_struct *t;
	int n = 0;

	rcu_read_lock();
	for_each_process(t)
		n += task_pid_nr(t);
	rcu_read_unlock();
	if (sk_fullsock(sk))
		n += sock_net(sk) == &init_net;
	n += skb_headlen(skb) + skb_is_gso(skb) + netif_running(skb->dev);
	n += file_inode(f)->i_ino;
	seq_printf(m, "%d %lu\n", n, jiffies);
	return n + atomic_long_read(&f->f_count) + page_count(virt_to_page(m));
}
MODULE_LICENSE("GPL");
