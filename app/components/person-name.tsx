// A person's name as the app shows it: the account's email on hover, and in the text itself when
// another person of the assessment or team bears the same name, so the two are never confused.
import { type Person, personDetail } from "@/shared/display-name";

export function PersonName({ person, className }: { person: Person; className?: string }) {
  return (
    <span className={className} title={personDetail(person)}>
      {person.name}
      {person.namesake ? <span className="font-normal text-slate-500"> ({person.email ?? "no account"})</span> : null}
    </span>
  );
}
