import { afterRenderEffect, ChangeDetectionStrategy, Component, DestroyRef, ElementRef, inject, input, viewChild } from '@angular/core';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

// Only what a bar chart needs, so the reports page's chunk stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Bar {
  label: string;
  value: number;
  /** Tooltip and table text. */
  title: string;
}

/**
 * A bar chart drawn with Chart.js (docs/architecture.md says why that library), with the same numbers in a
 * visually hidden table for screen readers, since a canvas says nothing to them.
 */
@Component({
  selector: 'pa-bar-chart',
  template: `
    <div class="box"><canvas #canvas role="img" [attr.aria-label]="label()"></canvas></div>
    <table class="visually-hidden">
      <caption>{{ label() }}</caption>
      <tbody>
        @for (bar of bars(); track $index) {
          <tr><th scope="row">{{ bar.title }}</th><td>{{ bar.value }}</td></tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .box {
      position: relative;
      height: 12rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BarChart {
  readonly bars = input.required<readonly Bar[]>();
  readonly label = input.required<string>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<'bar'> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
    afterRenderEffect(() => {
      const bars = this.bars();
      const color = getComputedStyle(document.documentElement).getPropertyValue('--pa-primary').trim() || '#1f4fd1';
      if (!this.chart) {
        // No 2D context (a test's DOM, a browser with canvas disabled): the hidden table still has the numbers.
        if (!this.canvas().nativeElement.getContext('2d')) return;
        this.chart = new Chart(this.canvas().nativeElement, {
          type: 'bar',
          data: { labels: [], datasets: [{ data: [], backgroundColor: color }] },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: { tooltip: { callbacks: { title: (items) => this.bars()[items[0]?.dataIndex ?? 0]?.title ?? '' } } },
            scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          },
        });
      }
      this.chart.data.labels = bars.map((b) => b.label);
      this.chart.data.datasets[0]!.data = bars.map((b) => b.value);
      this.chart.update();
    });
  }
}
