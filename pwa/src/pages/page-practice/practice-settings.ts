/** The practice settings form (ball speed, paddle size, points to win) and reading it back. */
import { GameSettings } from '@volley/shared';
import { html } from 'lit';
import { msg, type MessageKey } from '../../i18n/i18n.js';
import courtImage from '../../game/media/court.svg';

const SCORE_LIMITS = [3, 5, 7, 11, 15, 21];

export function practiceSettingsForm(settings: GameSettings, start: (settings: GameSettings) => void) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    start(readPracticeSettings(event.currentTarget as HTMLFormElement));
  };
  return html`<form class="settings" @submit=${submit}>
    <img src=${courtImage} alt="" />
    <p class="intro">${msg('practice.intro')}</p>
    <label
      >${msg('gameSettings.ballSpeed')}
      <select name="ballSpeed">
        ${GameSettings.shape.ballSpeed.unwrap().options.map((v) => option(v, `gameSettings.ballSpeed.${v}`, v === settings.ballSpeed))}
      </select></label
    >
    <label
      >${msg('gameSettings.paddleSize')}
      <select name="paddleSize">
        ${GameSettings.shape.paddleSize.unwrap().options.map((v) => option(v, `gameSettings.paddleSize.${v}`, v === settings.paddleSize))}
      </select></label
    >
    <label
      >${msg('gameSettings.scoreLimit')}
      <select name="scoreLimit">
        ${SCORE_LIMITS.map((n) => html`<option value=${n} ?selected=${n === settings.scoreLimit}>${n}</option>`)}
      </select></label
    >
    <button type="submit">${msg('practice.start')}</button>
  </form>`;
}

function option(value: string, label: MessageKey, selected: boolean) {
  return html`<option value=${value} ?selected=${selected}>${msg(label)}</option>`;
}

/** The settings chosen in the form under `root`; the defaults for anything missing. */
export function readPracticeSettings(root: ParentNode): GameSettings {
  const form = root instanceof HTMLFormElement ? root : root.querySelector('form');
  const data = form ? Object.fromEntries(new FormData(form)) : {};
  const parsed = GameSettings.safeParse({ ...data, scoreLimit: Number(data.scoreLimit) || undefined });
  return parsed.success ? parsed.data : GameSettings.parse({});
}
