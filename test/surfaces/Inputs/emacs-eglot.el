;;; Eglot (Debian 12's elpa-eglot) against klp-annotate --lsp, in batch:
;;; the configuration docs/editors.md gives, the findings Flymake shows,
;;; the preferred quick fix applied with Eglot's own workspace-edit code,
;;; the buffer saved, and the findings once the server saw the change.
;;;   KLP_LSP_CMD  the server command, words separated by tabs
;;;   KLP_FILE     the C file;   KLP_OUT  where to write what happened
;; -Q loads no package: Debian's elpa-* packages live here.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'cc-mode)
(setq eglot-sync-connect t
      ;; One change, one message: no delay before it is sent.
      eglot-send-changes-idle-time 0)
(add-to-list 'eglot-server-programs
             (cons 'c-mode (split-string (getenv "KLP_LSP_CMD") "\t" t)))
(defvar klp-out nil)
(defun klp-log (fmt &rest args)
  (push (apply #'format fmt args) klp-out))
(defun klp-wait (pred)
  (let ((deadline (+ (float-time) 120)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))))
(defun klp-diags ()
  (sort (mapcar (lambda (d)
                  (save-excursion
                    (goto-char (flymake-diagnostic-beg d))
                    (format "%d:%d-%d %s %s" (line-number-at-pos)
                            ;; Characters into the line, as Emacs counts them.
                            (- (point) (line-beginning-position))
                            (- (flymake-diagnostic-end d) (flymake-diagnostic-beg d))
                            (flymake-diagnostic-type d)
                            (car (split-string (flymake-diagnostic-text d) "\n")))))
                (flymake-diagnostics))
        #'string<))

(find-file (getenv "KLP_FILE"))
(c-mode)
(let ((project-find-functions (list (lambda (_) (cons 'transient default-directory)))))
  (apply #'eglot (eglot--guess-contact)))
(flymake-mode 1)
(klp-wait (lambda () (flymake-diagnostics)))
(dolist (d (klp-diags)) (klp-log "diagnostic %s" d))
(let* ((server (eglot-current-server))
       (actions (jsonrpc-request
                 server :textDocument/codeAction
                 (list :textDocument (eglot--TextDocumentIdentifier)
                       :range (list :start (eglot--pos-to-lsp-position (point-min))
                                    :end (eglot--pos-to-lsp-position (point-max)))
                       :context (list :diagnostics [])))))
  (seq-doseq (a actions)
    (klp-log "action %s%s" (plist-get a :title) (if (eq (plist-get a :isPreferred) t) " (preferred)" ""))
    (when (eq (plist-get a :isPreferred) t)
      (eglot--apply-workspace-edit (plist-get a :edit)))))
(save-buffer)
(klp-wait (lambda () (null (flymake-diagnostics))))
(klp-log "after the fix: %d diagnostics" (length (flymake-diagnostics)))
(with-temp-file (getenv "KLP_OUT")
  (insert (mapconcat #'identity (nreverse klp-out) "\n") "\n"))
(eglot-shutdown (eglot-current-server))
