import { useId } from "react";
import { LEVEL_TONE, level } from "./levels";

interface LevelSliderProps {
  name: "impact" | "urgency" | "risk";
  label: string;
  value: number;
  onChange: (value: number) => void;
  error?: string | undefined;
}

/** A 0..1 slider showing its value and what it means (Low … Critical). */
export function LevelSlider({ name, label, value, onChange, error }: LevelSliderProps) {
  const id = useId();
  const l = level(value);
  return (
    <div className="level-slider">
      <div className="spread">
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} className="mono" aria-live="off">
          {value.toFixed(2)} <span className={`badge ${LEVEL_TONE[l]}`}>{l}</span>
        </output>
      </div>
      <input
        id={id}
        type="range"
        name={name}
        min={0}
        max={1}
        step={0.01}
        value={value}
        aria-valuetext={`${value.toFixed(2)}, ${l}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
