import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { UpdateSettingsRequest } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';
import { UiAction } from '../realtime/ui-action';

/**
 * Admins: how the team works (the workspace settings). Each switch saves at once; every agent's console follows
 * live, and the server applies a change on every node within a few seconds.
 */
@Component({
  selector: 'pa-settings-page',
  templateUrl: './settings-page.html',
  styleUrl: '../shell/management-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SettingsPage {
  protected readonly realtime = inject(RealtimeService);
  protected readonly action = new UiAction();
  protected readonly saved = signal(false);

  constructor() {
    void this.action.run(() => this.realtime.api.loadSettings());
  }

  protected async toggle(event: Event, name: keyof UpdateSettingsRequest): Promise<void> {
    const box = event.target as HTMLInputElement;
    this.saved.set(false);
    await this.action.run(async () => {
      await this.realtime.api.updateSettings({ [name]: box.checked });
      this.saved.set(true);
    });
    // Refused: the switch shows what is still in force.
    if (!this.saved()) box.checked = !box.checked;
  }
}
