export { loadConfig, settingNames, type KefuConfig, type SettingName } from './config.js';
