import { describe, expect, it } from 'vitest';
import type { Project, Stage } from '../src/api';
import { moveOnBoard, type Column } from '../src/model';

describe('moving a project on the board', () => {
  const stage = (id: number, name: string): Stage => ({ id, name, position: id });
  const project = (id: number, stage_id: number): Project => ({ id, customer_id: 1, name: `P${id}`, stage_id, main_contact_employee_id: null });
  const board: Column[] = [
    { stage: stage(1, 'Neu - Erstkontakt'), projects: [project(10, 1), project(11, 1)], total: 2 },
    { stage: stage(2, 'Angebot'), projects: [project(20, 2)], total: 5 },
    { stage: stage(3, 'Auftrag'), projects: [], total: 0 },
  ];
  it('takes the card out of its column and puts it on top of the target, counts follow', () => {
    const next = moveOnBoard(board, 11, 2);
    expect(next[0].projects.map((p) => p.id)).toEqual([10]);
    expect(next[0].total).toBe(1);
    expect(next[1].projects.map((p) => p.id)).toEqual([11, 20]);
    expect(next[1].projects[0].stage_id).toBe(2);
    expect(next[1].total).toBe(6);
    expect(next[2]).toBe(board[2]);
    expect(board[0].projects).toHaveLength(2); // the old board stays as it was (for a revert)
  });
  it('changes nothing for the same stage, an unknown project or an unknown stage', () => {
    expect(moveOnBoard(board, 10, 1)).toBe(board);
    expect(moveOnBoard(board, 99, 2)).toBe(board);
    expect(moveOnBoard(board, 10, 99)).toBe(board);
  });
});
