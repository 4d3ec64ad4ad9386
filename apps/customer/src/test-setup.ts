import { registerIcons } from './app/icons';

// Components render ion-icon by name; register the same icons the app does so tests stay quiet.
registerIcons();
