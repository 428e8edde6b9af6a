/**
 * The one check of an account setting's value, shared by saving an account, importing an
 * accounts file and reading stored accounts back, so none of the three can let through a value
 * another would refuse (an imported `endpoint: "evil.example"` was reported as imported, then
 * dropped by the stored-account check).
 */
import type { FieldSpec, Text } from './types';

/** Why this trimmed, non-empty value cannot be saved in this field, or undefined when it can. */
export function settingProblem(field: Pick<FieldSpec, 'options' | 'validate'>, value: string): Text | undefined {
  if (field.options && !field.options.some((o) => o.value === value)) {
    const listed = field.options.map((o) => o.value).join(', ');
    return { en: `Choose one of the listed values (${listed}).`, zh: `请选择列出的值之一（${listed}）。` };
  }
  return field.validate?.(value);
}
