/** What the court shows in one frame, and how it is drawn on a canvas scaled from field units. */
import { BALL_RADIUS, FIELD, PADDLE_WIDTH, paddleHeight, paddleLeft, type GameSettings } from '@volley/shared';

export interface CourtView {
  settings: GameSettings;
  /** Centre y of each side's paddle. */
  paddles: [number, number];
  /** Hidden between games. */
  ball: { x: number; y: number } | null;
  /** My side, drawn in the brand colour; none when watching. */
  mine: 0 | 1 | null;
}

export interface CourtColours {
  court: string;
  line: string;
  paddle: string;
  mine: string;
  ball: string;
}

export function drawCourt(ctx: CanvasRenderingContext2D, view: CourtView, colours: CourtColours): void {
  const { width, height } = ctx.canvas;
  ctx.setTransform(width / FIELD.width, 0, 0, height / FIELD.height, 0, 0);
  ctx.fillStyle = colours.court;
  ctx.fillRect(0, 0, FIELD.width, FIELD.height);
  ctx.strokeStyle = colours.line;
  ctx.lineWidth = 4;
  ctx.setLineDash([14, 14]);
  ctx.beginPath();
  ctx.moveTo(FIELD.width / 2, 10);
  ctx.lineTo(FIELD.width / 2, FIELD.height - 10);
  ctx.stroke();
  const h = paddleHeight(view.settings);
  for (const side of [0, 1] as const) {
    ctx.fillStyle = view.mine === side ? colours.mine : colours.paddle;
    ctx.beginPath();
    ctx.roundRect(paddleLeft(side), view.paddles[side] - h / 2, PADDLE_WIDTH, h, PADDLE_WIDTH / 2);
    ctx.fill();
  }
  if (view.ball) {
    ctx.fillStyle = colours.ball;
    ctx.beginPath();
    ctx.arc(view.ball.x, view.ball.y, BALL_RADIUS, 0, Math.PI * 2);
    ctx.fill();
  }
}
