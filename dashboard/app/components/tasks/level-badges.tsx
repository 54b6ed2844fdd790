import { levelBadge } from "./levels";

const AXES = [
  ["impact", "I", "Impact"],
  ["urgency", "U", "Urgency"],
  ["risk", "R", "Risk"],
] as const;

/** Impact / urgency / risk as three small badges, each spelled out for screen readers. */
export function LevelBadges({ task }: { task: { impact: number; urgency: number; risk: number } }) {
  return (
    <span className="level-badges">
      {AXES.map(([key, short, name]) => {
        const b = levelBadge(task[key]);
        return (
          <span key={key} className={`badge ${b.tone}`} title={`${name} ${b.text} (${b.level})`}>
            <span aria-hidden="true">{short}</span>
            <span className="sr-only">{name}</span> {b.text}
          </span>
        );
      })}
    </span>
  );
}
