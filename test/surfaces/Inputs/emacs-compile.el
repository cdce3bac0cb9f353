;;; Emacs' compilation-mode on klp-annotate's text diagnostics, in batch:
;;; every message it recognises, with the file, line, column and type it
;;; parsed (the type from the "warning:"/"error:"/"note:" word).
(require 'compile)
(setq compilation-skip-threshold 0)
(with-current-buffer (find-file-noselect (getenv "DIAG"))
  (compilation-mode)
  ;; Batch mode has no redisplay to parse as it goes: parse it all now.
  (compilation--ensure-parse (point-max))
  (goto-char (point-min))
  (let ((seen nil))
    (condition-case nil
        (while t
          (let ((msg (get-text-property (point) 'compilation-message)))
            (when (and msg (not (memq msg seen)))
              (push msg seen)
              (let ((loc (compilation--message->loc msg)))
                (princ (format "%s %d %d %s\n"
                               (file-name-nondirectory (caar (compilation--loc->file-struct loc)))
                               (compilation--loc->line loc) (compilation--loc->col loc)
                               (pcase (compilation--message->type msg)
                                 (2 "error") (1 "warning") (_ "info")))))))
          (compilation-next-error 1))
      (error nil))))
