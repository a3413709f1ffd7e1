"use client";
// The add/edit form of the evidence locker: checks each field as the analyst types, shows the
// server's field errors beside the fields, and turns an edit into the few saves it needs.
import { useId, useState } from "react";
import { IsoDateInput } from "@/app/components/date-inputs";
import { Field } from "@/app/components/field";
import { TextArea, TextField } from "@/app/components/text-field";
import type { Direction, EvidenceState, IndicatorState } from "@/shared/assessment/state";
import { CREDIBILITY, CREDIBILITY_GRADES, evidenceAccuracy, RELIABILITY, RELIABILITY_GRADES } from "@/shared/engine";
import { isoDay } from "@/shared/format";
import { EVIDENCE_TITLE_MAX, SOURCE_NAME_MAX, SOURCE_URL_MAX, SUMMARY_MAX } from "@/shared/limits";
import { useSaving, useWorkspaceStable } from "../workspace-context";
import {
  DRAFT_FIELDS,
  type DraftField,
  draftErrors,
  draftFields,
  draftFromEvidence,
  type EvidenceDraft,
  type EvidenceLinkDraft,
  emptyDraft,
  evidenceEdit,
  type FormErrors,
  formErrorsFromServer,
  gradeCode,
  isEmptyEdit,
  isReliability,
  remainingEdit,
  SOURCE_KINDS,
  toCredibility,
} from "./evidence-data";
import { OriginField } from "./origin-field";

const DIRECTION_LABEL: Record<Direction, string> = { 1: "▲ Indicates present", [-1]: "▼ Indicates absent" };

const FIELD_ORDER: readonly (DraftField | "links")[] = [...DRAFT_FIELDS, "links"];

/**
 * `original` null: a new item (addEvidence); otherwise an edit of the item as it was when the form
 * opened. Calls onDone after a successful save.
 */
export function EvidenceForm({ original, onDone }: { original: EvidenceState | null; onDone: () => void }) {
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const uid = useId();
  const id = (field: string) => `${uid}-${field}`;
  const [draft, setDraft] = useState<EvidenceDraft>(() => (original ? draftFromEvidence(original) : emptyDraft()));
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [serverErrors, setServerErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // A suggestion taken whose other item names no origin yet: it gets the same one when this item is saved.
  const [adopted, setAdopted] = useState<{ otherId: string; origin: string } | null>(null);
  const [pendingLink, setPendingLink] = useState<{ indicatorId: string; direction: Direction }>({
    indicatorId: "",
    direction: 1,
  });

  const today = isoDay();
  const localErrors: FormErrors = draftErrors(draft, today);
  const errorOf = (field: DraftField | "links"): string | undefined =>
    serverErrors[field] ?? (touched.has(field) ? localErrors[field] : undefined);

  const touch = (field: string) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
  const update = <K extends DraftField>(field: K, value: EvidenceDraft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    touch(field);
    setServerErrors(({ [field]: _cleared, ...rest }) => rest);
  };
  const setLinks = (links: EvidenceLinkDraft[]) => {
    setDraft((d) => ({ ...d, links }));
    setServerErrors(({ links: _cleared, ...rest }) => rest);
  };

  /** Props that wire an input to its label, hint and error for screen readers. */
  const described = (field: DraftField, hint = false) => {
    const error = errorOf(field);
    const describedBy = error ? `${id(field)}-error` : hint ? `${id(field)}-hint` : undefined;
    return {
      id: id(field),
      "aria-invalid": error ? true : undefined,
      ...(describedBy ? { "aria-describedby": describedBy } : {}),
    };
  };

  const indicatorName = new Map(ws.serverState.indicators.map((i) => [i.id, i.name]));
  const linked = new Set(draft.links.map((l) => l.indicatorId));
  const linkable = ws.serverState.indicators.filter((i) => !linked.has(i.id));

  function addPendingLink() {
    if (!pendingLink.indicatorId) return;
    setLinks([...draft.links, { ...pendingLink }]);
    setPendingLink({ indicatorId: "", direction: pendingLink.direction });
  }

  function focusFirstError(errors: FormErrors) {
    const first = FIELD_ORDER.find((f) => errors[f]);
    if (!first) return;
    document.getElementById(first === "links" ? id("link-indicator") : id(first))?.focus();
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    // An indicator picked but not yet added with "Link" still counts: never drop it silently.
    const links =
      pendingLink.indicatorId && !linked.has(pendingLink.indicatorId)
        ? [...draft.links, { ...pendingLink }]
        : draft.links;
    if (links !== draft.links) {
      setLinks(links);
      setPendingLink({ indicatorId: "", direction: pendingLink.direction });
    }
    const full = { ...draft, links };
    const errors = draftErrors(full, isoDay());
    const fields = draftFields(full, isoDay());
    setTouched(new Set(FIELD_ORDER));
    if (!fields) {
      focusFirstError(errors);
      return;
    }

    if (!original) {
      // The copy's report first, so the two count as one from the first save on: the call does not move.
      const other = adopted ? ws.serverState.evidence.find((e) => e.id === adopted.otherId) : undefined;
      if (
        adopted &&
        other &&
        !other.origin &&
        fields.origin &&
        fields.origin.toLowerCase() === adopted.origin.toLowerCase()
      ) {
        const problem = await ws.save("setEvidenceOrigin", { evidenceId: other.id, origin: adopted.origin });
        if (problem) return showProblem(problem, `Setting the origin of “${other.title}” failed`);
      }
      const problem = await ws.save("addEvidence", { ...fields, links });
      if (problem) return showProblem(problem);
      onDone();
      return;
    }

    const current = ws.serverState.evidence.find((e) => e.id === original.id);
    if (!current) {
      setFormError("This evidence item has been deleted meanwhile: cancel, or copy your text into a new item.");
      return;
    }
    const edit = remainingEdit(evidenceEdit(original, fields, links), current);
    if (isEmptyEdit(edit)) {
      onDone();
      return;
    }
    // Fields first, then each link change as its own save (each is its own event in the history).
    if (edit.fields) {
      const problem = await ws.save("updateEvidence", { evidenceId: original.id, ...edit.fields });
      if (problem) return showProblem(problem);
    }
    for (const l of edit.link) {
      const problem = await ws.save("linkEvidence", { evidenceId: original.id, ...l });
      if (problem) return showProblem(problem, `Linking “${indicatorName.get(l.indicatorId) ?? l.indicatorId}” failed`);
    }
    for (const indicatorId of edit.unlink) {
      const problem = await ws.save("unlinkEvidence", { evidenceId: original.id, indicatorId });
      if (problem) return showProblem(problem, `Unlinking “${indicatorName.get(indicatorId) ?? indicatorId}” failed`);
    }
    onDone();
  }

  function showProblem(problem: { message: string; fieldErrors: Record<string, string> }, prefix?: string) {
    const byField = formErrorsFromServer(problem.fieldErrors);
    setServerErrors(byField);
    const hasFieldErrors = Object.keys(byField).length > 0;
    setFormError(
      hasFieldErrors
        ? "The server refused some fields: see the messages beside them."
        : `${prefix ? `${prefix}: ` : ""}${problem.message}`,
    );
    focusFirstError(byField);
  }

  const grade =
    draft.reliability && draft.credibility
      ? `${gradeCode(draft.reliability, draft.credibility)}: accuracy ${evidenceAccuracy(draft.reliability, draft.credibility).toFixed(2)}`
      : undefined;

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <TextField
        id={id("title")}
        label="Title"
        noun="The title"
        max={EVIDENCE_TITLE_MAX}
        value={draft.title}
        onChange={(v) => update("title", v)}
        error={errorOf("title")}
        inputProps={{ required: true, onBlur: () => touch("title") }}
      />
      <TextArea
        id={id("summary")}
        label="Summary (optional)"
        noun="The summary"
        max={SUMMARY_MAX}
        rows={3}
        className="min-h-16"
        value={draft.summary}
        onChange={(v) => update("summary", v)}
        error={errorOf("summary")}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={id("sourceName")}
          label="Source"
          noun="The source name"
          max={SOURCE_NAME_MAX}
          value={draft.sourceName}
          onChange={(v) => update("sourceName", v)}
          error={errorOf("sourceName")}
          inputProps={{ required: true, onBlur: () => touch("sourceName") }}
        />
        <Field id={id("sourceKind")} label="Source kind" error={errorOf("sourceKind")}>
          <select
            {...described("sourceKind")}
            className="input"
            value={draft.sourceKind}
            required
            onChange={(e) => {
              const kind = SOURCE_KINDS.find((k) => k.kind === e.target.value)?.kind ?? "";
              update("sourceKind", kind);
            }}
            onBlur={() => touch("sourceKind")}
          >
            <option value="">Choose a kind…</option>
            {SOURCE_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <TextField
        id={id("sourceUrl")}
        label="Source URL (optional)"
        noun="The source URL"
        max={SOURCE_URL_MAX}
        value={draft.sourceUrl}
        onChange={(v) => update("sourceUrl", v)}
        error={errorOf("sourceUrl")}
        hint="A web address starting with http:// or https://"
        inputProps={{ type: "url", inputMode: "url", placeholder: "https://", onBlur: () => touch("sourceUrl") }}
      />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id={id("reliability")} label="Source reliability" error={errorOf("reliability")}>
          <select
            {...described("reliability")}
            className="input"
            value={draft.reliability}
            required
            onChange={(e) => update("reliability", isReliability(e.target.value) ? e.target.value : "")}
            onBlur={() => touch("reliability")}
          >
            <option value="">Choose A–F…</option>
            {RELIABILITY_GRADES.map((g) => (
              <option key={g} value={g}>
                {RELIABILITY[g].label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={id("credibility")} label="Information credibility" error={errorOf("credibility")}>
          <select
            {...described("credibility")}
            className="input"
            value={draft.credibility === "" ? "" : String(draft.credibility)}
            required
            onChange={(e) => update("credibility", toCredibility(e.target.value))}
            onBlur={() => touch("credibility")}
          >
            <option value="">Choose 1–6…</option>
            {CREDIBILITY_GRADES.map((g) => (
              <option key={g} value={String(g)}>
                {CREDIBILITY[g].label}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={id("observedAt")}
          label="Observed on (YYYY-MM-DD, UTC)"
          hint="When it happened or was reported"
          error={errorOf("observedAt")}
        >
          <IsoDateInput
            {...described("observedAt", true)}
            required
            value={draft.observedAt}
            onChange={(text) => update("observedAt", text)}
            onBlur={() => touch("observedAt")}
          />
        </Field>
      </div>
      <p className="text-xs text-slate-500" aria-live="polite">
        {grade ? `Grade ${grade}` : "Choose both grades to see the weight the engine gives this item."}
      </p>
      <OriginField
        id={id("origin")}
        draft={draft}
        items={ws.serverState.evidence}
        isNew={!original}
        error={errorOf("origin")}
        onChange={(v) => update("origin", v)}
        onAccept={(s) => {
          update("origin", s.origin);
          setAdopted({ otherId: s.otherId, origin: s.origin });
        }}
      />

      <fieldset className="rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium text-slate-700">Bears on indicators</legend>
        {draft.links.length === 0 ? (
          <p className="text-xs text-slate-500">
            Not linked yet: it moves no probability until it bears on an indicator.
          </p>
        ) : (
          <ul className="space-y-1.5">
            {draft.links.map((l, index) => {
              const name = indicatorName.get(l.indicatorId) ?? "(deleted indicator)";
              return (
                <li key={l.indicatorId} className="flex items-center gap-2 text-sm">
                  <span className="min-w-0 flex-1 truncate" title={name}>
                    {name}
                  </span>
                  <select
                    className="input w-auto py-1 text-xs"
                    aria-label={`Direction for ${name}`}
                    value={String(l.direction)}
                    onChange={(e) => {
                      const direction: Direction = e.target.value === "-1" ? -1 : 1;
                      setLinks(draft.links.map((x, i) => (i === index ? { ...x, direction } : x)));
                    }}
                  >
                    <option value="1">{DIRECTION_LABEL[1]}</option>
                    <option value="-1">{DIRECTION_LABEL[-1]}</option>
                  </select>
                  <button
                    type="button"
                    className="btn-secondary px-2 py-1 text-xs"
                    aria-label={`Remove link to ${name}`}
                    onClick={() => setLinks(draft.links.filter((_, i) => i !== index))}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {linkable.length > 0 ? (
          <div className="mt-2 flex flex-wrap items-end gap-2 border-t border-slate-100 pt-2">
            <div className="min-w-48 flex-1">
              <label htmlFor={id("link-indicator")} className="mb-0.5 block text-xs text-slate-600">
                Indicator to link
              </label>
              <select
                id={id("link-indicator")}
                className="input py-1 text-xs"
                value={pendingLink.indicatorId}
                aria-invalid={errorOf("links") ? true : undefined}
                {...(errorOf("links") ? { "aria-describedby": `${id("links")}-error` } : {})}
                onChange={(e) => setPendingLink({ ...pendingLink, indicatorId: e.target.value })}
              >
                <option value="">Choose an indicator…</option>
                {linkable.map((i: IndicatorState) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={id("link-direction")} className="mb-0.5 block text-xs text-slate-600">
                It says the indicator is
              </label>
              <select
                id={id("link-direction")}
                className="input w-auto py-1 text-xs"
                value={String(pendingLink.direction)}
                onChange={(e) => setPendingLink({ ...pendingLink, direction: e.target.value === "-1" ? -1 : 1 })}
              >
                <option value="1">{DIRECTION_LABEL[1]}</option>
                <option value="-1">{DIRECTION_LABEL[-1]}</option>
              </select>
            </div>
            <button
              type="button"
              className="btn-secondary py-1 text-xs"
              disabled={!pendingLink.indicatorId}
              onClick={addPendingLink}
            >
              Link
            </button>
          </div>
        ) : null}
        {errorOf("links") ? (
          <p id={`${id("links")}-error`} role="alert" className="field-error">
            {errorOf("links")}
          </p>
        ) : null}
      </fieldset>

      {formError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      ) : null}
      <div className="flex justify-end gap-2 pt-1">
        {/* Pressing Cancel must not first blur a field into showing an error, which moves the button away. */}
        <button
          type="button"
          className="btn-secondary"
          onMouseDown={(e) => e.preventDefault()}
          onClick={onDone}
          disabled={saving}
        >
          Cancel
        </button>
        <button type="submit" className="btn-primary" disabled={saving}>
          {saving ? "Saving…" : original ? "Save changes" : "Add evidence"}
        </button>
      </div>
    </form>
  );
}
