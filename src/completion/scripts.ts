/**
 * The completion script for each shell. Each is a thin adapter: it hands the words of the line to
 * `ddb __complete -- WORD…` and offers what comes back (see complete.ts), so the three shells complete alike and a new
 * command or a declared access pattern needs no new script. Protocol: the first line is `words`, `files` or `dirs`;
 * for `words`, each further line is `value<TAB>description`.
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const bash = `# ddb completion for bash
#   this shell:   source <(ddb completion bash)
#   every shell:  save it as ~/.local/share/bash-completion/completions/ddb
_ddb() {
  local cur cword words=()
  if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    _get_comp_words_by_ref -n =: -c cur -w words -i cword
  else
    words=("\${COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=\${COMP_WORDS[COMP_CWORD]}
  fi
  local lines=() line
  mapfile -t lines < <(
    command ddb __complete -- "\${words[@]:1:cword}" 2>/dev/null
  )
  COMPREPLY=()
  case \${lines[0]-} in
    files)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      ;;
    dirs)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      ;;
    words)
      for line in "\${lines[@]:1}"; do
        [[ -n $line ]] && COMPREPLY+=("\${line%%$'\\t'*}")
      done
      if declare -F __ltrim_colon_completions >/dev/null 2>&1; then
        __ltrim_colon_completions "$cur"
      fi
      ;;
  esac
  return 0
}
complete -F _ddb ddb
`;

const zsh = `#compdef ddb
# ddb completion for zsh
#   this shell:   source <(ddb completion zsh)
#   every shell:  ddb completion zsh > "\${fpath[1]}/_ddb"
#                 (then start a new shell)
_ddb() {
  local -a lines candidates
  local line value
  lines=("\${(@f)$(
    command ddb __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null
  )}")
  case \${lines[1]} in
    files) _files ;;
    dirs) _files -/ ;;
    words)
      for line in "\${(@)lines[2,-1]}"; do
        [[ -n $line ]] || continue
        value=\${line%%$'\\t'*}
        value=\${value//:/\\\\:}
        if [[ $line == *$'\\t'* ]]; then
          candidates+=("$value:\${line#*$'\\t'}")
        else
          candidates+=("$value")
        fi
      done
      (( \${#candidates} )) && _describe -t ddb ddb candidates
      ;;
  esac
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _ddb "$@"
else
  compdef _ddb ddb
fi
`;

const fish = `# ddb completion for fish
#   this shell:   ddb completion fish | source
#   every shell:  ddb completion fish > ~/.config/fish/completions/ddb.fish
function __ddb_complete
    set -l before (commandline -opc)
    set -e before[1]
    set -l current (commandline -ct)
    set -l out (command ddb __complete -- $before "$current" 2>/dev/null)
    switch "$out[1]"
        case files
            __fish_complete_path "$current"
        case dirs
            __fish_complete_directories "$current"
        case words
            printf '%s\\n' $out[2..-1]
    end
end
complete -c ddb -f -a '(__ddb_complete)'
`;

export const completionScript = (shell: Shell): string => ({ bash, zsh, fish })[shell];
