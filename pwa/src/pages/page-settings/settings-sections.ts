/** The pages of my settings, in the order their links show: `/settings/<section>`. */
import type { MessageKey } from '../../i18n/i18n.js';

export const SETTINGS_SECTIONS = ['profile', 'account', 'sessions', 'bots', 'notifications'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export const isSettingsSection = (value: string): value is SettingsSection => (SETTINGS_SECTIONS as readonly string[]).includes(value);

export const settingsPath = (section: SettingsSection): string => `/settings/${section}`;

export const sectionLabel = (section: SettingsSection): MessageKey => `settingsPages.${section}`;
