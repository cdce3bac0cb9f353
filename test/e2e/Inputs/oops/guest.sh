klp_check before-crash true
insmod /klp/mod/oops.ko
klp_check never-reached true
